package dev.resiliency.sample.downstream;

/** The connection failed, was reset, or closed without a response (the guide's {@code :connection_lost}); retried by the user profile client as in the guide. */
public class ConnectionLostException extends DownstreamException {

    public ConnectionLostException(String route, String message, Throwable cause) {
        super(route, 0, message, cause);
    }

    @Override
    public String code() {
        return "connection_lost";
    }
}
