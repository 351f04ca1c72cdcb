package dev.resiliency.spring.aop;

import java.lang.reflect.Method;

/**
 * The root object of a {@code @SingleFlight} key expression: {@code #root.args} is the argument array,
 * {@code #root.methodName} the method's name. Parameters are variables: {@code #sku}, {@code #p0}, {@code #a0}.
 */
public final class KeyRoot {

    private final Method method;
    private final Object[] args;

    KeyRoot(Method method, Object[] args) {
        this.method = method;
        this.args = args;
    }

    /** The arguments of the call. */
    public Object[] getArgs() {
        return this.args;
    }

    /** The name of the called method. */
    public String getMethodName() {
        return this.method.getName();
    }
}
