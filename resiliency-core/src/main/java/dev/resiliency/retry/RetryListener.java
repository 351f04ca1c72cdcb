package dev.resiliency.retry;

import java.time.Duration;

/**
 * Called by {@link BackoffRetry} after a failed attempt that will be retried, after the
 * {@link RetryEvent.Retrying} event and before the wait. Never called for the first attempt's success, after an
 * abort, after the last attempt, or when {@code retryIf} declines. Runs on the calling thread (on the thread that
 * completed the attempt for {@code callAsync}); an exception it throws ends the call with that exception.
 */
@FunctionalInterface
public interface RetryListener {

    /**
     * @param attempt the 1-based number of the attempt that just failed
     * @param delay   the wait before the next attempt
     * @param error   the attempt's exception, or {@code null} when a returned value was rejected by
     *                {@code retryOnResult}
     * @param result  the rejected returned value, or {@code null} when the attempt threw
     */
    void onRetry(int attempt, Duration delay, Throwable error, Object result);
}
