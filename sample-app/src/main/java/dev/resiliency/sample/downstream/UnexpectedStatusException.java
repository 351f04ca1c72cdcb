package dev.resiliency.sample.downstream;

/** Any other error status (the guide's {@code {:unexpected_status, status}}); never retried. */
public class UnexpectedStatusException extends DownstreamException {

    public UnexpectedStatusException(String route, int status, String message) {
        super(route, status, message, null);
    }

    @Override
    public String code() {
        return "unexpected_status";
    }
}
