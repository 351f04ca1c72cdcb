package dev.resiliency.spring.actuate;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.resiliency.EventPublisher;
import dev.resiliency.circuitbreaker.CircuitBreaker;
import dev.resiliency.spring.config.CircuitBreakerProperties;
import dev.resiliency.spring.config.SingleFlightProperties;
import dev.resiliency.spring.registry.CircuitBreakerRegistry;
import dev.resiliency.spring.registry.SingleFlightRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ResiliencyEventBuffersTest {

    private final CircuitBreakerRegistry circuitBreakers = new CircuitBreakerRegistry(
            Map.of("inventory", new CircuitBreakerProperties()));

    private final SingleFlightRegistry singleFlights = new SingleFlightRegistry(Map.of());

    private final ResiliencyKinds kinds = new ResiliencyKinds(this.circuitBreakers, this.singleFlights, null, null,
            null, null, null);

    @Test
    void offByDefaultSubscribesToNothing() {
        ResiliencyEventBuffers buffers = new ResiliencyEventBuffers(this.kinds, 0);
        CircuitBreaker later = this.circuitBreakers.instance("later");

        assertThat(hasListeners(this.circuitBreakers.instance("inventory"))).isFalse();
        assertThat(hasListeners(later)).isFalse();
        assertThat(buffers.events("circuit-breaker", "inventory")).isEmpty();
        assertThat(buffers.bufferSize()).isZero();
    }

    @Test
    void onRecordsTheEventsOfExistingAndLaterInstances() throws Exception {
        ResiliencyEventBuffers buffers = new ResiliencyEventBuffers(this.kinds, 10);
        CircuitBreaker inventory = this.circuitBreakers.instance("inventory");
        CircuitBreaker later = this.circuitBreakers.instance("later");

        inventory.call(() -> "ok");
        later.forceOpen();
        this.singleFlights.instance("catalog").call("k", () -> "v");

        assertThat(buffers.events("circuit-breaker", "inventory").orElseThrow())
                .extracting(RecentEvents.EventDescriptor::type).containsExactly("CallSucceeded");
        assertThat(buffers.events("circuit-breaker", "later").orElseThrow())
                .extracting(RecentEvents.EventDescriptor::type).containsExactly("StateTransition");
        assertThat(buffers.events("single-flight", "catalog").orElseThrow())
                .extracting(RecentEvents.EventDescriptor::type).containsExactly("FlightCompleted");
        assertThat(buffers.events("circuit-breaker", "unknown")).isEmpty();
        assertThat(buffers.events("bulkhead", "inventory")).isEmpty();
    }

    @Test
    void rejectsANegativeSize() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ResiliencyEventBuffers(this.kinds, -1))
                .withMessage("resiliency.events.buffer-size must be >= 0, got: -1");
    }

    private static boolean hasListeners(CircuitBreaker breaker) {
        assertThat(breaker.events()).isInstanceOf(EventPublisher.class);
        return ((EventPublisher<?>) breaker.events()).hasListeners();
    }
}
