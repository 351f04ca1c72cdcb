package dev.resiliency.spring.aop;

import java.lang.reflect.UndeclaredThrowableException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import io.micrometer.context.ContextSnapshot;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.framework.ReflectiveMethodInvocation;

import dev.resiliency.internal.Futures;
import dev.resiliency.pipeline.ResiliencePipeline;
import dev.resiliency.spring.concurrent.ResiliencyExecutors;

/**
 * Everything an annotated method needs per call, prepared once: its {@link ResiliencePipeline}, its single-flight
 * key function, its fallback, whether it is asynchronous. {@link #invoke} does no lookup of any kind: it reads
 * these final fields.
 *
 * <p>{@code @Fallback} is applied here, around the pipeline, rather than by the pipeline's own fallback layer:
 * the fallback method takes the call's arguments, which the pipeline's fallback function (built once, given only
 * the failure) does not see. It is the outermost layer either way, as in the canonical order.
 */
final class MethodPipeline {

    private final String description;
    private final ResiliencePipeline pipeline;
    private final KeyFunction key;
    private final FallbackMethod fallback;
    private final boolean async;
    private final boolean repeats;
    private final boolean otherThreads;
    private final ResiliencyExecutors executors;
    private final CallObserver observer;

    /** An unobserved method pipeline, see the full constructor. */
    MethodPipeline(String description, ResiliencePipeline pipeline, KeyFunction key, FallbackMethod fallback,
            boolean async, boolean repeats, boolean otherThreads, ResiliencyExecutors executors) {
        this(description, pipeline, key, fallback, async, repeats, otherThreads, executors, null);
    }

    /**
     * @param pipeline     the layers, or null when the method only has a fallback
     * @param key          the single-flight key, or null without {@code @SingleFlight}
     * @param fallback     the fallback, or null
     * @param async        whether the method returns a {@code CompletionStage}
     * @param repeats      whether the method may run more than once per call (retry, hedging)
     * @param otherThreads whether the method may run on another thread (hedging; any layer of an asynchronous
     *                     method, which may resume on the thread that frees a permit or fires a timer)
     * @param observer     observes every call and every run of the method (tracing), or null
     */
    MethodPipeline(String description, ResiliencePipeline pipeline, KeyFunction key, FallbackMethod fallback,
            boolean async, boolean repeats, boolean otherThreads, ResiliencyExecutors executors,
            CallObserver observer) {
        this.description = description;
        this.pipeline = pipeline;
        this.key = key;
        this.fallback = fallback;
        this.async = async;
        this.repeats = repeats;
        this.otherThreads = otherThreads;
        this.executors = executors;
        this.observer = observer;
    }

    Object invoke(MethodInvocation invocation) throws Throwable {
        if (this.observer != null) {
            return this.observer.observeCall(() -> this.async ? invokeAsync(invocation) : invokeSync(invocation));
        }
        return this.async ? invokeAsync(invocation) : invokeSync(invocation);
    }

    private Object invokeSync(MethodInvocation invocation) throws Throwable {
        try {
            if (this.pipeline == null) {
                return invocation.proceed();
            }
            Callable<Object> callable = callable(invocation);
            return this.key != null ? this.pipeline.call(this.key.key(invocation.getArguments()), callable)
                    : this.pipeline.call(callable);
        }
        catch (Exception ex) {
            if (this.fallback != null && this.fallback.appliesTo(ex)) {
                return this.fallback.invoke(invocation.getThis(), invocation.getArguments(), ex);
            }
            throw ex;
        }
    }

    private Object invokeAsync(MethodInvocation invocation) {
        CompletableFuture<Object> result;
        Supplier<CompletionStage<Object>> supplier = supplier(invocation);
        if (this.pipeline == null) {
            result = Futures.invoke(supplier);
        }
        else {
            try {
                result = this.key != null ? this.pipeline.callAsync(this.key.key(invocation.getArguments()), supplier)
                        : this.pipeline.callAsync(supplier);
            }
            catch (RuntimeException ex) {
                result = CompletableFuture.failedFuture(ex); // e.g. a key expression that throws
            }
        }
        if (this.fallback == null) {
            return result;
        }
        Object target = invocation.getThis();
        Object[] args = invocation.getArguments();
        FallbackMethod fallback = this.fallback;
        CompletableFuture<Object> call = result;
        CompletableFuture<Object> degraded = call.exceptionallyCompose(failure -> {
            Throwable cause = Futures.unwrap(failure);
            return fallback.appliesTo(cause) ? fallback.invokeAsync(target, args, cause)
                    : CompletableFuture.failedFuture(cause);
        });
        // exceptionallyCompose returns a new future: cancelling the one the caller holds must still cancel the call,
        // which gives back its permits and cancels the work inside it
        degraded.whenComplete((value, failure) -> {
            if (degraded.isCancelled()) {
                call.cancel(true);
            }
        });
        return degraded;
    }

    /**
     * The method as a callable. When the pipeline may run it more than once (retry) or concurrently (hedging),
     * every run proceeds on its own clone of the invocation: a {@code MethodInvocation} tracks its position in
     * the interceptor chain and cannot be proceeded twice, let alone from two threads. When it may run on
     * another thread, the caller's context (MDC, tracing, security) is restored around every run.
     */
    @SuppressWarnings("try") // the scope is only opened and closed
    private Callable<Object> callable(MethodInvocation invocation) {
        if (!this.repeats) {
            return () -> proceed(invocation);
        }
        ProxyMethodInvocation original = proxyInvocation(invocation);
        if (!this.otherThreads) {
            return () -> proceed(original.invocableClone());
        }
        ContextSnapshot context = this.executors.captureContext();
        return () -> {
            try (ContextSnapshot.Scope scope = context.setThreadLocals()) {
                return proceed(original.invocableClone());
            }
        };
    }

    @SuppressWarnings("try") // the scope is only opened and closed
    private Supplier<CompletionStage<Object>> supplier(MethodInvocation invocation) {
        if (!this.otherThreads) {
            return () -> stage(invocation);
        }
        ContextSnapshot context = this.executors.captureContext();
        if (!this.repeats) {
            return () -> {
                try (ContextSnapshot.Scope scope = context.setThreadLocals()) {
                    return stage(invocation);
                }
            };
        }
        ProxyMethodInvocation original = proxyInvocation(invocation);
        return () -> {
            try (ContextSnapshot.Scope scope = context.setThreadLocals()) {
                return stage(original.invocableClone());
            }
        };
    }

    private ProxyMethodInvocation proxyInvocation(MethodInvocation invocation) {
        if (invocation instanceof ProxyMethodInvocation proxyInvocation) {
            // invocableClone() lazily creates the shared user-attributes map on the original: create it here, in
            // the caller thread, so that clones made concurrently by hedged copies only read it
            if (proxyInvocation instanceof ReflectiveMethodInvocation reflective) {
                reflective.getUserAttributes();
            }
            return proxyInvocation;
        }
        throw new IllegalStateException("@Retry/@Hedged on " + this.description
                + " need a Spring AOP proxy invocation (ProxyMethodInvocation) to run the method more than once; got "
                + invocation.getClass().getName());
    }

    private Object proceed(MethodInvocation invocation) throws Exception {
        try {
            return this.observer == null ? invocation.proceed() : this.observer.observeRun(invocation::proceed);
        }
        catch (Exception | Error ex) {
            throw ex;
        }
        catch (Throwable ex) {
            throw new UndeclaredThrowableException(ex);
        }
    }

    @SuppressWarnings("unchecked")
    private CompletionStage<Object> stage(MethodInvocation invocation) {
        try {
            Object result = this.observer == null ? invocation.proceed()
                    : this.observer.observeRun(invocation::proceed);
            return result != null ? (CompletionStage<Object>) result : CompletableFuture.completedFuture(null);
        }
        catch (Throwable ex) {
            return CompletableFuture.failedFuture(ex);
        }
    }

    @Override
    public String toString() {
        return "MethodPipeline[" + this.description + "]";
    }
}
