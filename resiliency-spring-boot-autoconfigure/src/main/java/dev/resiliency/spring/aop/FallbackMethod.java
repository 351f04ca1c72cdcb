package dev.resiliency.spring.aop;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * A resolved {@code @Fallback}: the method to call, whether it takes the failure, and which failures it applies to.
 * Resolved once; per failure it costs one {@link Method#invoke} (plus an argument array when it takes the failure).
 */
final class FallbackMethod {

    private final Method method;
    private final boolean takesFailure;
    private final Class<?> failureType;
    private final Class<?>[] on;

    private FallbackMethod(Method method, boolean takesFailure, Class<?>[] on) {
        this.method = method;
        this.takesFailure = takesFailure;
        this.failureType = takesFailure ? method.getParameterTypes()[method.getParameterCount() - 1] : Throwable.class;
        this.on = on;
        ReflectionUtils.makeAccessible(method);
    }

    /**
     * Finds the fallback named {@code name} for {@code annotated} in {@code targetClass} and its superclasses: same
     * parameters, optionally followed by a {@link Throwable} (preferred when both exist).
     *
     * @throws IllegalArgumentException describing what is missing or incompatible
     */
    static FallbackMethod resolve(Method annotated, Class<?> targetClass, String name, Class<?>[] on, boolean async) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("is empty: name the fallback method, e.g. @Fallback(method = \"...\")");
        }
        Class<?>[] parameters = annotated.getParameterTypes();
        Method withFailure = null;
        Method withoutFailure = null;
        List<Method> sameName = new ArrayList<>();
        for (Class<?> type = targetClass; type != null && type != Object.class; type = type.getSuperclass()) {
            for (Method candidate : type.getDeclaredMethods()) {
                if (!candidate.getName().equals(name) || candidate.isBridge() || candidate.isSynthetic()) {
                    continue;
                }
                sameName.add(candidate);
                Class<?>[] candidateParameters = candidate.getParameterTypes();
                if (withoutFailure == null && Arrays.equals(candidateParameters, parameters)) {
                    withoutFailure = candidate;
                }
                else if (withFailure == null && candidateParameters.length == parameters.length + 1
                        && Arrays.equals(Arrays.copyOf(candidateParameters, parameters.length), parameters)
                        && Throwable.class.isAssignableFrom(candidateParameters[parameters.length])) {
                    withFailure = candidate;
                }
            }
        }
        Method found = withFailure != null ? withFailure : withoutFailure;
        String owner = ClassUtils.getUserClass(targetClass).getSimpleName();
        if (found == null) {
            String signature = signature(name, parameters);
            String expected = signature + " or " + signature.substring(0, signature.length() - 1)
                    + (parameters.length > 0 ? ", " : "") + "Throwable)";
            throw new IllegalArgumentException("names '" + name + "', but " + owner + " has no method " + expected
                    + (sameName.isEmpty() ? "" : "; found " + describe(sameName) + " with other parameters"));
        }
        checkReturnType(annotated, found, async, owner);
        return new FallbackMethod(found, found == withFailure, on);
    }

    private static void checkReturnType(Method annotated, Method found, boolean async, String owner) {
        Class<?> expected = annotated.getReturnType();
        Class<?> actual = found.getReturnType();
        if (async || expected == void.class) {
            return;
        }
        if (actual == void.class || !ClassUtils.isAssignable(expected, actual)) {
            throw new IllegalArgumentException("names '" + found.getName() + "', but " + owner + "."
                    + found.getName() + " returns " + actual.getSimpleName() + ", not assignable to "
                    + expected.getSimpleName());
        }
    }

    /** The type of failure the fallback method accepts: its trailing parameter's type, else {@link Throwable}. */
    Class<?> failureType() {
        return this.failureType;
    }

    /** Whether this fallback handles {@code failure} ({@code on} filter, and the type of its failure parameter). */
    boolean appliesTo(Throwable failure) {
        if (failure instanceof Error || !this.failureType.isInstance(failure)) {
            return false;
        }
        if (this.on.length == 0) {
            return true;
        }
        for (Class<?> type : this.on) {
            if (type.isInstance(failure)) {
                return true;
            }
        }
        return false;
    }

    /** Calls the fallback on {@code target}; its own exception propagates unchanged. */
    Object invoke(Object target, Object[] args, Throwable failure) throws Throwable {
        Object[] arguments = args;
        if (this.takesFailure) {
            arguments = Arrays.copyOf(args, args.length + 1);
            arguments[args.length] = failure;
        }
        try {
            return this.method.invoke(Modifier.isStatic(this.method.getModifiers()) ? null : target, arguments);
        }
        catch (InvocationTargetException ex) {
            throw ex.getTargetException();
        }
    }

    /** Calls the fallback for an asynchronous method: its stage, or its plain value as a completed stage. */
    @SuppressWarnings("unchecked")
    CompletionStage<Object> invokeAsync(Object target, Object[] args, Throwable failure) {
        try {
            Object result = invoke(target, args, failure);
            return result instanceof CompletionStage<?> stage ? (CompletionStage<Object>) stage
                    : CompletableFuture.completedFuture(result);
        }
        catch (Throwable ex) {
            return CompletableFuture.failedFuture(ex);
        }
    }

    private static String signature(String name, Class<?>[] parameters) {
        StringBuilder signature = new StringBuilder(name).append('(');
        for (int i = 0; i < parameters.length; i++) {
            signature.append(i > 0 ? ", " : "").append(parameters[i].getSimpleName());
        }
        return signature.append(')').toString();
    }

    private static String describe(List<Method> methods) {
        List<String> signatures = new ArrayList<>();
        for (Method method : methods) {
            signatures.add(signature(method.getName(), method.getParameterTypes()));
        }
        return String.join(", ", signatures);
    }

    @Override
    public String toString() {
        return signature(this.method.getName(), this.method.getParameterTypes());
    }
}
