package dev.resiliency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resiliency.bulkhead.Bulkhead;
import dev.resiliency.circuitbreaker.CircuitBreaker;
import dev.resiliency.ratelimiter.RateLimiter;
import dev.resiliency.retry.BackoffRetry;
import dev.resiliency.semaphore.WeightedSemaphore;
import dev.resiliency.singleflight.SingleFlight;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * One rule for every primitive (see {@link EventPublisher}): a listener that throws, even an {@link Error}, is
 * logged and ignored, so the async call it observes completes as if nobody listened, and gives back what it held.
 */
class ListenerFailureIsolationTest {

    private final AtomicInteger listenerCalls = new AtomicInteger();

    private <E> EventListener<E> buggyListener() {
        return event -> {
            listenerCalls.incrementAndGet();
            throw new AssertionError("listener bug on " + event);
        };
    }

    @Test
    void bulkhead() {
        Bulkhead bulkhead = Bulkhead.builder("b").maxConcurrent(1).maxWait(Bulkhead.WAIT_FOREVER).build();
        bulkhead.events().subscribe(buggyListener());
        CompletableFuture<String> stage = new CompletableFuture<>();
        CompletableFuture<String> first = bulkhead.callAsync(() -> stage);
        CompletableFuture<String> queued = bulkhead.callAsync(() -> CompletableFuture.completedFuture("queued"));

        stage.complete("first"); // the permit passes to the queued call, with events on both sides

        assertThat(first).isCompletedWithValue("first");
        assertThat(queued).isCompletedWithValue("queued");
        assertThat(bulkhead.stats().active()).isZero();
        assertThat(bulkhead.stats().permitted()).isEqualTo(2);
        assertThat(listenerCalls).hasPositiveValue();
    }

    @Test
    void circuitBreaker() {
        CircuitBreaker breaker = CircuitBreaker.builder("cb").build();
        breaker.events().subscribe(buggyListener());
        CompletableFuture<String> stage = new CompletableFuture<>();
        CompletableFuture<String> call = breaker.callAsync(() -> stage);

        stage.complete("value");

        assertThat(call).isCompletedWithValue("value");
        assertThat(breaker.stats().successfulCalls()).isEqualTo(1);
        assertThat(listenerCalls).hasPositiveValue();
    }

    @Test
    void rateLimiter() {
        RateLimiter limiter = RateLimiter.builder("rl").rate(1_000).burstSize(10).build();
        limiter.events().subscribe(buggyListener());

        assertThat(limiter.callAsync(() -> CompletableFuture.completedFuture("value"))).isCompletedWithValue("value");
        assertThat(limiter.stats().permitted()).isEqualTo(1);
        assertThat(listenerCalls).hasPositiveValue();
    }

    @Test
    void weightedSemaphore() {
        WeightedSemaphore semaphore = WeightedSemaphore.builder("s").max(1).build();
        semaphore.events().subscribe(buggyListener());
        CompletableFuture<String> stage = new CompletableFuture<>();
        CompletableFuture<String> holder = semaphore.acquireAsync(1, () -> stage);
        CompletableFuture<String> queued = semaphore.acquireAsync(1, () -> CompletableFuture.completedFuture("queued"));

        stage.complete("holder");

        assertThat(holder).isCompletedWithValue("holder");
        assertThat(queued).isCompletedWithValue("queued");
        assertThat(semaphore.current()).isZero();
        assertThat(listenerCalls).hasPositiveValue();
    }

    @Test
    void singleFlight() {
        SingleFlight flight = SingleFlight.builder("sf").build();
        flight.events().subscribe(buggyListener());
        CompletableFuture<String> stage = new CompletableFuture<>();
        CompletableFuture<String> leader = flight.callAsync("k", () -> stage);
        CompletableFuture<String> follower = flight.callAsync("k", () -> stage);

        stage.complete("value");

        assertThat(leader).isCompletedWithValue("value");
        assertThat(follower).isCompletedWithValue("value");
        assertThat(flight.inFlight()).isZero();
        assertThat(listenerCalls).hasPositiveValue();
    }

    @Test
    void retry() throws Exception {
        BackoffRetry retry = BackoffRetry.builder("r").maxAttempts(2).baseDelay(Duration.ofMillis(1)).build();
        retry.events().subscribe(buggyListener());
        AtomicInteger attempts = new AtomicInteger();

        CompletableFuture<String> call = retry.callAsync(() -> attempts.incrementAndGet() == 1
                ? CompletableFuture.failedFuture(new java.io.IOException("first attempt"))
                : CompletableFuture.completedFuture("second"));

        assertThat(call.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("second");
        assertThat(listenerCalls).hasPositiveValue();
    }
}
