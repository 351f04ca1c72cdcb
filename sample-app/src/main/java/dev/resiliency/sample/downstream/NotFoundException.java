package dev.resiliency.sample.downstream;

/** 404 Not Found; never retried. */
public class NotFoundException extends DownstreamException {

    public NotFoundException(String route, int status, String message) {
        super(route, status, message, null);
    }

    @Override
    public String code() {
        return "not_found";
    }
}
