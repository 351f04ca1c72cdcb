package dev.resiliency.sample.downstream;

/** 503 Service Unavailable: the downstream is down or overloaded; transient, retried by every client that retries. */
public class ServiceUnavailableException extends DownstreamException {

    public ServiceUnavailableException(String route, int status, String message) {
        super(route, status, message, null);
    }

    @Override
    public String code() {
        return "service_unavailable";
    }
}
