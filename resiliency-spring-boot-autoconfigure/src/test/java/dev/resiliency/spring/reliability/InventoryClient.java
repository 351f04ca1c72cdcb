package dev.resiliency.spring.reliability;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.springframework.http.HttpHeaders;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

import dev.resiliency.retry.BackoffRetry;
import dev.resiliency.spring.annotation.Bulkhead;
import dev.resiliency.spring.annotation.CircuitBreaker;
import dev.resiliency.spring.annotation.Fallback;
import dev.resiliency.spring.annotation.Hedged;
import dev.resiliency.spring.annotation.RateLimiter;
import dev.resiliency.spring.annotation.Retry;
import dev.resiliency.spring.annotation.SingleFlight;
import dev.resiliency.spring.annotation.WeightedSemaphore;

/**
 * The guide's full inventory stack on one method, calling a real HTTP downstream with {@link RestClient}: every
 * layer is configured under {@code resiliency.*.inventory} by the test, and the fallback degrades any failure into
 * a value that names the failure, so a test can tell what reached the top of the stack.
 */
public class InventoryClient {

    /** A {@code Retry-After} longer than this is not worth retrying: the retry is aborted at once. */
    static final long MAX_RETRY_AFTER_SECONDS = 5;

    private final RestClient http;
    private final Queue<Throwable> degradations = new ConcurrentLinkedQueue<>();

    InventoryClient(RestClient http) {
        this.http = http;
    }

    @CircuitBreaker("inventory")
    @SingleFlight(name = "inventory", key = "#sku")
    @RateLimiter("inventory")
    @Bulkhead("inventory")
    @WeightedSemaphore(name = "inventory", weight = 2)
    @Retry("inventory")
    @Hedged("inventory")
    @Fallback(method = "degraded")
    public String stock(String sku) {
        try {
            return this.http.get().uri("/inventory/{sku}", sku).retrieve().body(String.class);
        }
        catch (HttpClientErrorException.TooManyRequests tooMany) {
            if (retryAfterSeconds(tooMany) > MAX_RETRY_AFTER_SECONDS) {
                throw BackoffRetry.abort(tooMany);
            }
            throw tooMany;
        }
    }

    String degraded(String sku, Throwable failure) {
        this.degradations.add(failure);
        if (failure instanceof HttpClientErrorException.TooManyRequests tooMany) {
            return "degraded:TooManyRequests:retry-after=" + retryAfterSeconds(tooMany);
        }
        return "degraded:" + failure.getClass().getSimpleName();
    }

    /** The failures the fallback degraded, oldest first. */
    Queue<Throwable> degradations() {
        return this.degradations;
    }

    private static long retryAfterSeconds(HttpClientErrorException failure) {
        HttpHeaders headers = failure.getResponseHeaders();
        String value = headers != null ? headers.getFirst(HttpHeaders.RETRY_AFTER) : null;
        return value != null ? Long.parseLong(value.trim()) : 0;
    }
}
