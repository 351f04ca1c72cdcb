package dev.resiliency.sample.web;

import dev.resiliency.BulkheadFullException;
import dev.resiliency.CircuitOpenException;
import dev.resiliency.RateLimitedException;
import dev.resiliency.ResiliencyTimeoutException;
import dev.resiliency.SemaphoreRejectedException;
import dev.resiliency.sample.downstream.DownstreamException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The API's errors as RFC 9457 problem details, each with the guide's error name in {@code error}: an open
 * circuit is {@code 503 service_degraded}, a full bulkhead {@code 503 bulkhead_full}, a semaphore at capacity
 * {@code 429 rejected} (non-blocking) or {@code 503 throttled} (waited too long), the downstream's own errors keep
 * their meaning ({@code 404 not_found}, {@code 402 payment_declined}, {@code 502 service_unavailable}...), and the
 * caller-facing deadline is {@code 504 deadline_exceeded} ({@code 503 overloaded} when every API worker is busy).
 */
@RestControllerAdvice(assignableTypes = ApiController.class)
public class ApiExceptionHandler {

    @ExceptionHandler(CircuitOpenException.class)
    ResponseEntity<ProblemDetail> circuitOpen(CircuitOpenException ex) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "service_degraded", ex.getMessage());
    }

    @ExceptionHandler(BulkheadFullException.class)
    ResponseEntity<ProblemDetail> bulkheadFull(BulkheadFullException ex) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "bulkhead_full", ex.getMessage());
    }

    @ExceptionHandler(SemaphoreRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(SemaphoreRejectedException ex) {
        return problem(HttpStatus.TOO_MANY_REQUESTS, "rejected", ex.getMessage());
    }

    @ExceptionHandler(RateLimitedException.class)
    ResponseEntity<ProblemDetail> rateLimited(RateLimitedException ex) {
        ResponseEntity<ProblemDetail> response = problem(HttpStatus.TOO_MANY_REQUESTS, "rate_limited",
                ex.getMessage());
        long seconds = Math.max(1, (ex.retryAfter().toMillis() + 999) / 1000);
        return ResponseEntity.status(response.getStatusCode())
            .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
            .body(response.getBody());
    }

    @ExceptionHandler(ResiliencyTimeoutException.class)
    ResponseEntity<ProblemDetail> timeout(ResiliencyTimeoutException ex) {
        // Waiting for a permit too long is our own capacity (the guide's :throttled); a hedged call past its
        // deadline is the downstream being slow.
        boolean waitedForCapacity = ex.getMessage() != null && ex.getMessage().contains("waiting for");
        return waitedForCapacity ? problem(HttpStatus.SERVICE_UNAVAILABLE, "throttled", ex.getMessage())
                : problem(HttpStatus.GATEWAY_TIMEOUT, "timeout", ex.getMessage());
    }

    @ExceptionHandler(DownstreamException.class)
    ResponseEntity<ProblemDetail> downstream(DownstreamException ex) {
        HttpStatus status = switch (ex.status()) {
            case 400 -> HttpStatus.BAD_REQUEST;
            case 402 -> HttpStatus.PAYMENT_REQUIRED;
            case 404 -> HttpStatus.NOT_FOUND;
            case 429 -> HttpStatus.TOO_MANY_REQUESTS;
            default -> ex.status() == 0 && "timeout".equals(ex.code()) ? HttpStatus.GATEWAY_TIMEOUT
                    : HttpStatus.BAD_GATEWAY;
        };
        return problem(status, ex.code(), ex.getMessage());
    }

    @ExceptionHandler(TimeoutException.class)
    ResponseEntity<ProblemDetail> deadline(TimeoutException ex) {
        return problem(HttpStatus.GATEWAY_TIMEOUT, "deadline_exceeded", "No answer within the caller-facing deadline");
    }

    @ExceptionHandler(RejectedExecutionException.class)
    ResponseEntity<ProblemDetail> overloaded(RejectedExecutionException ex) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "overloaded", "Too many calls in progress");
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> badArgument(IllegalArgumentException ex) {
        return problem(HttpStatus.BAD_REQUEST, "bad_request", ex.getMessage());
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String error, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setProperty("error", error);
        return ResponseEntity.status(status).body(problem);
    }
}
