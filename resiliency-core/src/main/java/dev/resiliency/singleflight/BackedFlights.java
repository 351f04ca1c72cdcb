package dev.resiliency.singleflight;

import dev.resiliency.BackendFailureMode;
import dev.resiliency.BackendUnavailableException;
import dev.resiliency.internal.Futures;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * {@link SharedFlights} guarded by the {@link BackendFailureMode}: a local leader's call goes to the backend while it
 * is reachable; otherwise the call runs locally ({@code LOCAL}) or is refused ({@code REJECT}). Only built when a
 * backend is configured.
 *
 * <p>A {@link BackendUnavailableException} means "fall back" only if the callable never started here: the callable
 * itself may throw one (say, from a nested primitive), and that is its outcome, not the backend's.
 */
final class BackedFlights {

    private final String name;
    private final SharedFlights shared;
    private final BackendFailureMode mode;
    final LongAdder fallbacks = new LongAdder();

    BackedFlights(String name, SharedFlights shared, BackendFailureMode mode) {
        this.name = name;
        this.shared = shared;
        this.mode = mode;
    }

    <T> T call(Object key, Callable<T> callable) throws Exception {
        if (!shared.isAvailable()) {
            return fallBack(callable, null);
        }
        Started<T> run = new Started<>(callable, null);
        try {
            return shared.execute(key, run);
        } catch (BackendUnavailableException unreachable) {
            if (run.started) {
                throw unreachable;
            }
            return fallBack(callable, unreachable);
        }
    }

    <T> CompletableFuture<T> callAsync(Object key, Supplier<? extends CompletionStage<T>> supplier) {
        if (!shared.isAvailable()) {
            return fallBackAsync(supplier, null);
        }
        Started<T> run = new Started<>(null, supplier);
        CompletableFuture<T> remote;
        try {
            remote = shared.executeAsync(key, run);
        } catch (RuntimeException unreachable) {
            return run.started ? CompletableFuture.failedFuture(unreachable) : fallBackAsync(supplier, unreachable);
        }
        return remote.handle((value, failure) -> {
            Throwable cause = failure == null ? null : Futures.unwrap(failure);
            if (cause instanceof BackendUnavailableException && !run.started) {
                return fallBackAsync(supplier, cause);
            }
            return cause == null ? CompletableFuture.completedFuture(value) : CompletableFuture.<T>failedFuture(cause);
        }).thenCompose(outcome -> outcome);
    }

    private <T> T fallBack(Callable<T> callable, Throwable cause) throws Exception {
        reject(cause);
        return callable.call();
    }

    private <T> CompletableFuture<T> fallBackAsync(Supplier<? extends CompletionStage<T>> supplier, Throwable cause) {
        try {
            reject(cause);
        } catch (BackendUnavailableException rejected) {
            return CompletableFuture.failedFuture(rejected);
        }
        return Futures.invoke(supplier);
    }

    private void reject(Throwable cause) {
        fallbacks.increment();
        if (mode == BackendFailureMode.REJECT) {
            throw new BackendUnavailableException(name, "Single flight '" + name
                    + "' rejected the call: its backend is unreachable (on-backend-failure: reject)", cause);
        }
    }

    /** Remembers whether the backend started the user's work here. */
    private static final class Started<T> implements Callable<T>, Supplier<CompletionStage<T>> {

        private final Callable<T> callable;
        private final Supplier<? extends CompletionStage<T>> supplier;
        volatile boolean started;

        Started(Callable<T> callable, Supplier<? extends CompletionStage<T>> supplier) {
            this.callable = callable;
            this.supplier = supplier;
        }

        @Override
        public T call() throws Exception {
            started = true;
            return callable.call();
        }

        @Override
        @SuppressWarnings("unchecked")
        public CompletionStage<T> get() {
            started = true;
            return (CompletionStage<T>) supplier.get();
        }
    }
}
