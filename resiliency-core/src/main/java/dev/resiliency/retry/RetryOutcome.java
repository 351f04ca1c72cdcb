package dev.resiliency.retry;

/**
 * How a retried call ended. "With retry" means more than one attempt was made. Also the {@code outcome} tag of
 * the {@code resiliency.retry.calls} meter (in lower case).
 */
public enum RetryOutcome {
    /** The first attempt succeeded. */
    SUCCESS_WITHOUT_RETRY,
    /** An attempt after the first succeeded. */
    SUCCESS_WITH_RETRY,
    /** The only attempt failed and was not retried (retryIf declined, a single attempt, an Error...). */
    FAILURE_WITHOUT_RETRY,
    /** Several attempts were made and the last one failed. */
    FAILURE_WITH_RETRY,
    /** The call threw {@link BackoffRetry#abort(Throwable)}. */
    ABORTED
}
