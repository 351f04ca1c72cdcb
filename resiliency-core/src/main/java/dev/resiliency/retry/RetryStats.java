package dev.resiliency.retry;

/**
 * A snapshot of a {@link BackoffRetry}'s cumulative counters since it was built. Each finished call counts in
 * exactly one outcome counter; {@code attempts} counts every attempt made, first attempts included. The counters
 * only grow, so the metrics layer exposes them as function counters.
 *
 * @param successWithoutRetry calls whose first attempt succeeded
 * @param successWithRetry    calls that succeeded after at least one retry
 * @param failureWithoutRetry calls that failed after a single attempt
 * @param failureWithRetry    calls that failed after several attempts
 * @param aborted             calls stopped by {@link BackoffRetry#abort(Throwable)}
 * @param attempts            attempts made in total
 */
public record RetryStats(long successWithoutRetry, long successWithRetry, long failureWithoutRetry,
                         long failureWithRetry, long aborted, long attempts) {

    /** Calls finished, whatever their outcome. */
    public long calls() {
        return successWithoutRetry + successWithRetry + failureWithoutRetry + failureWithRetry + aborted;
    }
}
