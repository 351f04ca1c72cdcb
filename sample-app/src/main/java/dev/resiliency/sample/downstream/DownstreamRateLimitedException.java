package dev.resiliency.sample.downstream;

/** 429 Too Many Requests; retried by the inventory client as in the guide. */
public class DownstreamRateLimitedException extends DownstreamException {

    public DownstreamRateLimitedException(String route, int status, String message) {
        super(route, status, message, null);
    }

    @Override
    public String code() {
        return "rate_limited";
    }
}
