package dev.resiliency.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/** Helpers for the non-blocking ({@code callAsync}) paths. Not API. */
public final class Futures {

    private Futures() {
    }

    /** Strips the {@link CompletionException}/{@link ExecutionException} wrappers the JDK adds around a failure. */
    public static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /**
     * Calls the user's supplier and returns its stage as a future; a supplier that throws, or returns null,
     * yields a failed future instead of throwing in the caller.
     */
    public static <T> CompletableFuture<T> invoke(Supplier<? extends CompletionStage<T>> supplier) {
        try {
            CompletionStage<T> stage = supplier.get();
            if (stage == null) {
                return CompletableFuture.failedFuture(new NullPointerException("the supplier returned a null CompletionStage"));
            }
            return stage.toCompletableFuture();
        } catch (Throwable e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Rethrows any throwable without declaring it; used to rethrow a user's checked exception unchanged. */
    @SuppressWarnings("unchecked")
    public static <E extends Throwable> RuntimeException sneakyThrow(Throwable e) throws E {
        throw (E) e;
    }
}
