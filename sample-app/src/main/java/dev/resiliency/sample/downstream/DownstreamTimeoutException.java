package dev.resiliency.sample.downstream;

/** No response within the HTTP client's timeout (the guide's {@code :timeout}); retried. */
public class DownstreamTimeoutException extends DownstreamException {

    public DownstreamTimeoutException(String route, String message, Throwable cause) {
        super(route, 0, message, cause);
    }

    @Override
    public String code() {
        return "timeout";
    }
}
