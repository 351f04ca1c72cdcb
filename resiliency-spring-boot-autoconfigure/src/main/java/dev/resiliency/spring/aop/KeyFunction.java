package dev.resiliency.spring.aop;

import java.lang.reflect.Method;
import java.util.Arrays;

/** Computes the single-flight key of a call from its arguments; chosen and prepared once per method. */
interface KeyFunction {

    /** Stands for a {@code null} key (a single-flight key must not be null). */
    Object NULL_KEY = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    Object key(Object[] args);

    /** The default key: the method and every argument, so that methods sharing a named instance never collide. */
    static KeyFunction methodAndArguments(Method method) {
        return args -> new MethodArgumentsKey(method, args.clone());
    }

    /** A key that is one argument, by index: what {@code "#sku"}, {@code "#p0"} or {@code "#a0"} compile to. */
    static KeyFunction argument(int index) {
        return args -> {
            Object key = args[index];
            return key != null ? key : NULL_KEY;
        };
    }

    /** The default key's value: equal when the method is the same and the arguments are equal. */
    final class MethodArgumentsKey {

        private final Method method;
        private final Object[] args;
        private final int hash;

        MethodArgumentsKey(Method method, Object[] args) {
            this.method = method;
            this.args = args;
            this.hash = 31 * method.hashCode() + Arrays.hashCode(args);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof MethodArgumentsKey that && this.hash == that.hash
                    && this.method.equals(that.method) && Arrays.equals(this.args, that.args);
        }

        @Override
        public int hashCode() {
            return this.hash;
        }

        @Override
        public String toString() {
            return this.method.getName() + Arrays.toString(this.args);
        }
    }
}
