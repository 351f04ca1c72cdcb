package dev.resiliency;

/**
 * A marker thrown from inside a retried call to stop retrying at once: {@code throw BackoffRetry.abort(e)}.
 * The retry then rethrows the cause unchanged (or this exception when there is no cause), without consulting
 * {@code retryIf} or {@code onRetry}. Only one level is unwrapped.
 */
public class RetryAbortedException extends ResiliencyException {

    private static final long serialVersionUID = 1L;

    public RetryAbortedException(Throwable cause) {
        super(null, "Retry aborted" + (cause == null ? "" : ": " + cause), cause);
    }
}
