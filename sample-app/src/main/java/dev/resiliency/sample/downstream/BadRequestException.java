package dev.resiliency.sample.downstream;

/** 400 Bad Request: retrying cannot help; clients that retry abort the retry loop with it ({@code BackoffRetry.abort}). */
public class BadRequestException extends DownstreamException {

    public BadRequestException(String route, int status, String message) {
        super(route, status, message, null);
    }

    @Override
    public String code() {
        return "bad_request";
    }
}
