package dev.resiliency.retry;

import java.time.Duration;

/**
 * What a {@link BackoffRetry} publishes to the listeners registered on {@link BackoffRetry#events()}. Built only
 * when a listener is registered.
 */
public sealed interface RetryEvent {

    /** The name of the retry instance that published the event. */
    String name();

    /**
     * A failed attempt will be retried after {@code delay}. Published before the {@code onRetry} callback and
     * before the wait.
     *
     * @param attempt the 1-based number of the attempt that failed
     * @param error   the attempt's exception, or {@code null} when a returned value was rejected
     * @param result  the rejected returned value, or {@code null} when the attempt threw
     */
    record Retrying(String name, int attempt, Duration delay, Throwable error, Object result) implements RetryEvent {
    }

    /**
     * A call finished.
     *
     * @param attempts the number of attempts made
     * @param error    what the call threw (for an abort, the unwrapped cause), or {@code null} when it returned
     */
    record Finished(String name, RetryOutcome outcome, int attempts, Throwable error) implements RetryEvent {
    }
}
