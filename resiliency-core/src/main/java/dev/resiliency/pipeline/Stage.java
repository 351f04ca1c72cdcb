package dev.resiliency.pipeline;

import dev.resiliency.internal.Futures;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * One layer of a built pipeline, linked to the next inner one. The chain is built once; a call walks it with
 * one small continuation per layer (the lambda handed to the primitive), and nothing else.
 */
abstract class Stage {

    private final Layer layer;
    private Stage next;
    private PipelineListener listener;

    Stage(Layer layer) {
        this.layer = layer;
    }

    final Layer layer() {
        return layer;
    }

    final void link(Stage next, PipelineListener listener) {
        this.next = next;
        this.listener = listener;
    }

    final Object enter(Object key, Callable<?> target) throws Exception {
        if (listener != null) {
            listener.entered(layer);
        }
        return call(key, target);
    }

    final CompletableFuture<Object> enterAsync(Object key, Supplier<? extends CompletionStage<?>> target) {
        if (listener != null) {
            listener.entered(layer);
        }
        return callAsync(key, target);
    }

    /** Runs this layer around the rest of the chain. */
    abstract Object call(Object key, Callable<?> target) throws Exception;

    /** Runs this layer around the rest of the chain, without blocking. */
    abstract CompletableFuture<Object> callAsync(Object key, Supplier<? extends CompletionStage<?>> target);

    /** Calls the next inner layer, or the target itself after the innermost one. */
    final Object proceed(Object key, Callable<?> target) throws Exception {
        return next == null ? target.call() : next.enter(key, target);
    }

    @SuppressWarnings("unchecked")
    final CompletableFuture<Object> proceedAsync(Object key, Supplier<? extends CompletionStage<?>> target) {
        return next == null
                ? Futures.invoke((Supplier<? extends CompletionStage<Object>>) target)
                : next.enterAsync(key, target);
    }
}
