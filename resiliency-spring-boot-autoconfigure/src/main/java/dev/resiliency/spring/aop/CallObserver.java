package dev.resiliency.spring.aop;

import dev.resiliency.pipeline.Layer;
import dev.resiliency.pipeline.PipelineListener;

/**
 * Observes the calls of one annotated method, see {@link ResiliencyObserver}. Also the method pipeline's
 * {@link PipelineListener}: told, on the entering thread, each time a call enters a layer.
 *
 * <p>Threads: {@link #observeCall} runs on the caller's thread. {@link #observeRun} runs on whichever thread runs
 * the method (a hedged copy runs on the executor, an asynchronous retry on the scheduler's executor), always with
 * the context the caller had inside {@code observeCall} restored (MDC, the current observation...).
 */
public interface CallObserver extends PipelineListener {

    /** A step to proceed with: the rest of the call, or one run of the method. */
    @FunctionalInterface
    interface Invocation {

        Object proceed() throws Throwable;
    }

    /**
     * Around one call of the method: every layer, the fallback included. For an asynchronous method {@code call}
     * returns the method's {@code CompletableFuture}, which this must return as is (the caller may cancel it).
     */
    Object observeCall(Invocation call) throws Throwable;

    /**
     * Around one run of the method itself inside the layers: the first attempt, each retry, each hedged copy. For an
     * asynchronous method {@code run} returns its {@code CompletionStage}; a replacement returned instead must
     * complete as it does and pass cancellation on to it.
     */
    Object observeRun(Invocation run) throws Throwable;

    @Override
    default void entered(Layer layer) {
    }
}
