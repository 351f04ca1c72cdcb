package dev.resiliency.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resiliency.EventPublisher;
import dev.resiliency.circuitbreaker.CircuitBreakerEvent.CallFailed;
import dev.resiliency.circuitbreaker.CircuitBreakerEvent.CallIgnored;
import dev.resiliency.circuitbreaker.CircuitBreakerEvent.CallRejected;
import dev.resiliency.circuitbreaker.CircuitBreakerEvent.CallSucceeded;
import dev.resiliency.circuitbreaker.CircuitBreakerEvent.StateTransition;
import dev.resiliency.circuitbreaker.CircuitBreaker.State;
import dev.resiliency.testing.FakeTicker;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class CircuitBreakerEventsTest {

    private final FakeTicker ticker = new FakeTicker();
    private final List<CircuitBreakerEvent> events = new CopyOnWriteArrayList<>();

    private CircuitBreaker subscribed(CircuitBreaker.Builder builder) {
        CircuitBreaker cb = builder.ticker(ticker).build();
        cb.events().subscribe(events::add);
        return cb;
    }

    @Test
    void publishesASuccessWithItsDuration() throws Exception {
        CircuitBreaker cb = subscribed(CircuitBreaker.builder("cb"));

        cb.call(() -> ticker.advanceMillis(25));

        assertThat(events).containsExactly(new CallSucceeded("cb", Duration.ofMillis(25)));
    }

    @Test
    void publishesAFailureWithItsError() {
        CircuitBreaker cb = subscribed(CircuitBreaker.builder("cb"));
        IOException boom = new IOException("boom");

        assertThatThrownBy(() -> cb.call(() -> {
            throw boom;
        })).isSameAs(boom);

        assertThat(events).containsExactly(new CallFailed("cb", Duration.ZERO, boom));
    }

    @Test
    void aFailedResultHasNoError() throws Exception {
        CircuitBreaker cb = subscribed(CircuitBreaker.builder("cb").recordResult(r -> true));

        cb.call(() -> "bad");

        assertThat(events).containsExactly(new CallFailed("cb", Duration.ZERO, null));
    }

    @Test
    void publishesIgnoredCalls() {
        IllegalArgumentException ignored = new IllegalArgumentException("ignored");
        CircuitBreaker cb = subscribed(CircuitBreaker.builder("cb").ignoreException(e -> true));

        assertThatThrownBy(() -> cb.call(() -> {
            throw ignored;
        })).isSameAs(ignored);

        assertThat(events).containsExactly(new CallIgnored("cb", ignored));
    }

    @Test
    void publishesRejectionsAndTransitionsAfterTheCallThatCausedThem() {
        CircuitBreaker cb = subscribed(CircuitBreaker.builder("cb").minimumCalls(1));
        IOException boom = new IOException("boom");

        assertThatThrownBy(() -> cb.call(() -> {
            throw boom;
        })).isSameAs(boom);
        assertThat(cb.tryAcquirePermission()).isEmpty();

        assertThat(events).containsExactly(new CallFailed("cb", Duration.ZERO, boom),
                new StateTransition("cb", State.CLOSED, State.OPEN), new CallRejected("cb"));
    }

    @Test
    void aClosedSubscriptionReceivesNothing() throws Exception {
        CircuitBreaker cb = CircuitBreaker.builder("cb").ticker(ticker).build();
        EventPublisher.Subscription subscription = cb.events().subscribe(events::add);
        subscription.close();

        cb.call(() -> "ok");
        cb.forceOpen();

        assertThat(events).isEmpty();
    }

    @Test
    void aThrowingEventListenerDoesNotBreakTheCall() throws Exception {
        CircuitBreaker cb = CircuitBreaker.builder("cb").ticker(ticker).build();
        cb.events().subscribe(e -> {
            throw new IllegalStateException("listener bug");
        });

        assertThat(cb.call(() -> "ok")).isEqualTo("ok");
        assertThat(cb.stats().successfulCalls()).isEqualTo(1);
    }
}
