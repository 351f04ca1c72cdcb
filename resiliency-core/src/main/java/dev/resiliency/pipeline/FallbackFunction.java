package dev.resiliency.pipeline;

/**
 * Computes a degraded result from the failure of a protected call. For
 * {@link ResiliencePipeline#callAsync(java.util.function.Supplier) callAsync} it may return a
 * {@link java.util.concurrent.CompletionStage}, which the pipeline then waits for without blocking.
 */
@FunctionalInterface
public interface FallbackFunction {

    /**
     * @param failure the exception that the inner layers or the call threw (never a JDK completion wrapper)
     * @return the value to return instead
     * @throws Exception to fail the call after all; the exception reaches the caller unchanged
     */
    Object apply(Throwable failure) throws Exception;
}
