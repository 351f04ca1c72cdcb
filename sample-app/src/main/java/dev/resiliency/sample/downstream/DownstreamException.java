package dev.resiliency.sample.downstream;

/**
 * A call to the downstream failed. The subclasses are the guide's error atoms ({@code :service_unavailable},
 * {@code :rate_limited}, {@code :timeout}, {@code :not_found}, ...) as exception types, so that each client's retry
 * configuration can list the ones it retries ({@code resiliency.retry.<name>.retry-exceptions}) exactly as the
 * guide's {@code retry_if} functions do.
 */
public abstract class DownstreamException extends RuntimeException {

    private final String route;
    private final int status;

    protected DownstreamException(String route, int status, String message, Throwable cause) {
        super(message, cause);
        this.route = route;
        this.status = status;
    }

    /** The downstream route that failed ({@code search}, {@code payments}, {@code users}, ...). */
    public String route() {
        return this.route;
    }

    /** The HTTP status the downstream answered, or 0 when no response arrived. */
    public int status() {
        return this.status;
    }

    /** The guide's name for this error, e.g. {@code service_unavailable}: used in API error bodies. */
    public abstract String code();
}
