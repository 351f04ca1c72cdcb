package dev.resiliency.sample.downstream;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Turns a downstream's answer into the guide's errors: 503 → {@link ServiceUnavailableException}, 429 →
 * {@link DownstreamRateLimitedException}, 400 → {@link BadRequestException}, 402 → {@link PaymentDeclinedException},
 * 404 → {@link NotFoundException}, any other error status → {@link UnexpectedStatusException}; no answer in time →
 * {@link DownstreamTimeoutException}; a connection refused, reset or closed without a response, or a response cut
 * short → {@link ConnectionLostException}. Which of them are retried is each client's retry configuration.
 */
final class StatusMapping implements RestClient.ResponseSpec.ErrorHandler {

    static final StatusMapping INSTANCE = new StatusMapping();

    private StatusMapping() {
    }

    @Override
    public void handle(HttpRequest request, ClientHttpResponse response) throws IOException {
        throw toException(route(request), response.getStatusCode().value(), request.getMethod() + " "
                + request.getURI().getPath());
    }

    static DownstreamException toException(String route, int status, String what) {
        String message = what + " answered " + status;
        return switch (status) {
            case 503 -> new ServiceUnavailableException(route, status, message);
            case 429 -> new DownstreamRateLimitedException(route, status, message);
            case 400 -> new BadRequestException(route, status, message);
            case 402 -> new PaymentDeclinedException(route, status, message);
            case 404 -> new NotFoundException(route, status, message);
            default -> new UnexpectedStatusException(route, status, message);
        };
    }

    /**
     * An I/O failure: no response in time, no response at all, or a response cut short (the body stream closed
     * while it was read: Spring's JDK request closes it when the read timeout passes during the read).
     *
     * @return the mapped exception, or null when {@code failure} is no I/O failure (a body that is not JSON...)
     */
    static DownstreamException ioFailure(String route, RestClientException failure) {
        if (!(failure instanceof ResourceAccessException) && !hasCause(failure, IOException.class)) {
            return null;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpTimeoutException || cause instanceof SocketTimeoutException) {
                return new DownstreamTimeoutException(route, route + ": no response in time", failure);
            }
            if (cause instanceof InterruptedIOException && !(cause instanceof SocketTimeoutException)) {
                break; // interrupted (a cancelled hedge, a caller deadline): not a timeout of the downstream
            }
        }
        return new ConnectionLostException(route, route + ": " + failure.getMostSpecificCause().getMessage(), failure);
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static String route(HttpRequest request) {
        Object route = request.getAttributes().get(DownstreamTraffic.ROUTE);
        return route != null ? route.toString() : "other";
    }
}
