package dev.resiliency.ratelimiter;

import dev.resiliency.DefaultExecutors;
import java.util.concurrent.CompletableFuture;

/**
 * A token bucket kept by a {@link RateLimiterBackend}, shared by several processes. It follows the same contract as
 * the local bucket: capacity {@code burstSize}, refilled continuously at {@code rate} tokens per second, full at
 * start; {@link #reserve} checks and takes in one atomic step.
 *
 * <p>Failures: any {@link RuntimeException} from {@link #reserve}, {@link #availableTokens()} or {@link #reset()}
 * means "unreachable", and the rate limiter applies its {@link dev.resiliency.BackendFailureMode}. While
 * {@link #isAvailable()} is false it does not call the bucket at all, so a backend that knows it is down can spare
 * every caller a timeout.
 */
public interface SharedBucket {

    /**
     * Whether the backend is believed reachable. Must be cheap (no I/O): it is read on every call. Default: always.
     */
    default boolean isAvailable() {
        return true;
    }

    /**
     * Takes {@code weight} tokens if they are there now or will be within {@code allowanceNanos}.
     *
     * @param weight         tokens to take, {@code 1..burstSize}
     * @param allowanceNanos how far ahead tokens may be reserved, {@code >= 0} (0: only tokens there now)
     * @return {@code >= 0} if taken: nanoseconds until the reserved tokens exist (0: now); {@code < 0} if not taken:
     *     minus the nanoseconds until they would exist
     */
    long reserve(int weight, long allowanceNanos);

    /**
     * {@link #reserve} without blocking the caller. The default runs {@link #reserve} on
     * {@link DefaultExecutors#executor()}; a backend with a non-blocking client may do better.
     */
    default CompletableFuture<Long> reserveAsync(int weight, long allowanceNanos) {
        return CompletableFuture.supplyAsync(() -> reserve(weight, allowanceNanos), DefaultExecutors.executor());
    }

    /** Tokens a call could take now, fractional; reading changes nothing. */
    double availableTokens();

    /** Fills the bucket to {@code burstSize}. */
    void reset();
}
