package dev.resiliency.circuitbreaker;

import static dev.resiliency.circuitbreaker.Fixtures.fail;
import static dev.resiliency.circuitbreaker.Fixtures.succeed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resiliency.Ticker;
import dev.resiliency.circuitbreaker.CircuitBreaker.State;
import dev.resiliency.circuitbreaker.CircuitBreakerEvent.CallFailed;
import dev.resiliency.circuitbreaker.CircuitBreakerEvent.CallSucceeded;
import dev.resiliency.testing.FakeTicker;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The breaker reads the ticker only when something needs the time (a read costs more than the rest of the closed
 * path), and everything that needs it still gets it: slow calls, event durations, TIME buckets, openedAt.
 */
class CircuitBreakerClockTest {

    private final FakeTicker fake = new FakeTicker();
    private final CountingTicker ticker = new CountingTicker(fake);

    private CircuitBreaker.Builder breaker() {
        return CircuitBreaker.builder("cb").ticker(ticker).windowSize(10).minimumCalls(10)
                .openTimeout(Duration.ofSeconds(10));
    }

    @Test
    void aCountWindowWithoutSlowCallsOrListenersNeverReadsTheClock() throws Exception {
        CircuitBreaker cb = breaker().build();

        succeed(cb, 1_000);
        fail(cb, 3);
        try (CircuitBreaker.Permit permit = cb.acquirePermission()) {
            permit.onSuccess();
        }
        cb.tryAcquirePermission().orElseThrow().onFailure(new IOException("boom"));
        cb.callAsync(() -> CompletableFuture.completedFuture("ok")).join();

        assertThat(ticker.reads()).isZero();
        assertThat(cb.stats().successfulCalls()).isEqualTo(1_002);
        assertThat(cb.stats().failedCalls()).isEqualTo(4);
        assertThat(cb.state()).isEqualTo(State.CLOSED);
    }

    @Test
    void aTimeWindowReadsTheClockOncePerCallForItsBucket() throws Exception {
        CircuitBreaker cb = breaker().slidingWindowType(SlidingWindowType.TIME).windowSize(2).minimumCalls(1)
                .build();

        succeed(cb, 100);

        assertThat(ticker.reads()).isEqualTo(100);
    }

    @Test
    void aTimeWindowBucketsACallByTheTimeItEnded() throws Exception {
        CircuitBreaker cb = breaker().slidingWindowType(SlidingWindowType.TIME).windowSize(2).minimumCalls(1)
                .build();

        // Starts in one second, ends three seconds later: recorded in the window as of its end.
        cb.call(() -> fake.advance(Duration.ofSeconds(3)));

        assertThat(cb.stats().total()).isEqualTo(1);
        fake.advance(Duration.ofSeconds(2));
        assertThat(cb.stats().total()).isZero();
    }

    @Test
    void aSlowCallThresholdTimesEveryCall() throws Exception {
        CircuitBreaker cb = breaker().slowCallThreshold(Duration.ofMillis(100)).build();

        cb.call(() -> fake.advanceMillis(100));
        cb.call(() -> fake.advanceMillis(99));

        assertThat(ticker.reads()).isEqualTo(4);
        assertThat(cb.stats().slowCalls()).isEqualTo(1);
    }

    @Test
    void aPermitDetectsASlowCallWithoutListeners() {
        CircuitBreaker cb = breaker().slowCallThreshold(Duration.ofMillis(100)).build();

        CircuitBreaker.Permit permit = cb.acquirePermission();
        fake.advanceMillis(150);
        permit.onSuccess();

        assertThat(cb.stats().slowCalls()).isEqualTo(1);
    }

    @Test
    void anAsyncCallDetectsASlowCallWithoutListeners() {
        CircuitBreaker cb = breaker().slowCallThreshold(Duration.ofMillis(100)).build();
        CompletableFuture<String> inner = new CompletableFuture<>();

        CompletableFuture<String> result = cb.callAsync(() -> inner);
        fake.advanceMillis(150);
        inner.complete("ok");

        assertThat(result.join()).isEqualTo("ok");
        assertThat(cb.stats().slowCalls()).isEqualTo(1);
    }

    @Test
    void slowCallsTripACountWindowWithoutListeners() throws Exception {
        CircuitBreaker cb = breaker().windowSize(4).minimumCalls(4).slowCallThreshold(Duration.ofMillis(100))
                .slowCallRateThreshold(0.5).build();

        succeed(cb, 2);
        cb.call(() -> fake.advanceMillis(100));
        assertThat(cb.state()).isEqualTo(State.CLOSED);
        cb.call(() -> fake.advanceMillis(100));

        assertThat(cb.state()).isEqualTo(State.OPEN);
    }

    @Test
    void aSubscribedListenerGetsTheDurationOfEveryKindOfCall() throws Exception {
        CircuitBreaker cb = breaker().build();
        List<CircuitBreakerEvent> events = new CopyOnWriteArrayList<>();
        cb.events().subscribe(events::add);
        IOException boom = new IOException("boom");

        cb.call(() -> fake.advanceMillis(25));
        assertThatThrownBy(() -> cb.call(() -> {
            fake.advanceMillis(30);
            throw boom;
        })).isSameAs(boom);
        CircuitBreaker.Permit permit = cb.acquirePermission();
        fake.advanceMillis(35);
        permit.onSuccess();
        CompletableFuture<String> inner = new CompletableFuture<>();
        CompletableFuture<String> result = cb.callAsync(() -> inner);
        fake.advanceMillis(40);
        inner.complete("ok");
        result.join();

        assertThat(events).containsExactly(
                new CallSucceeded("cb", Duration.ofMillis(25)),
                new CallFailed("cb", Duration.ofMillis(30), boom),
                new CallSucceeded("cb", Duration.ofMillis(35)),
                new CallSucceeded("cb", Duration.ofMillis(40)));
    }

    @Test
    void aCallStartedBeforeTheFirstListenerSubscribedReportsAZeroDuration() throws Exception {
        CircuitBreaker cb = breaker().build();
        List<CircuitBreakerEvent> events = new CopyOnWriteArrayList<>();

        cb.call(() -> {
            fake.advanceMillis(25);
            return cb.events().subscribe(events::add);
        });

        assertThat(events).containsExactly(new CallSucceeded("cb", Duration.ZERO));
    }

    @Test
    void aTripWithoutTimingStillOpensAtTheTimeOfTheTrip() {
        CircuitBreaker cb = breaker().build();
        fake.advance(Duration.ofHours(1));

        fail(cb, 10);
        assertThat(cb.state()).isEqualTo(State.OPEN);
        fake.advance(Duration.ofSeconds(10).minusNanos(1));
        assertThat(cb.state()).isEqualTo(State.OPEN);
        fake.advance(Duration.ofNanos(1));

        assertThat(cb.state()).isEqualTo(State.HALF_OPEN);
    }

    @Test
    void aFailedProbeWithoutTimingReopensAtTheTimeOfTheProbe() {
        CircuitBreaker cb = breaker().build();
        fail(cb, 10);
        fake.advance(Duration.ofSeconds(10));
        assertThat(cb.state()).isEqualTo(State.HALF_OPEN);
        fake.advance(Duration.ofHours(1));

        fail(cb, 1);
        assertThat(cb.state()).isEqualTo(State.OPEN);
        fake.advance(Duration.ofSeconds(10).minusNanos(1));
        assertThat(cb.state()).isEqualTo(State.OPEN);
        fake.advance(Duration.ofNanos(1));

        assertThat(cb.state()).isEqualTo(State.HALF_OPEN);
    }

    /** Delegates to a fake and counts the reads. */
    private static final class CountingTicker implements Ticker {
        private final Ticker delegate;
        private final AtomicLong reads = new AtomicLong();

        CountingTicker(Ticker delegate) {
            this.delegate = delegate;
        }

        @Override
        public long read() {
            reads.incrementAndGet();
            return delegate.read();
        }

        long reads() {
            return reads.get();
        }
    }
}
