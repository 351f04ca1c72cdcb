package dev.resiliency.singleflight;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SingleFlightValidationTest {

    private final SingleFlight flight = SingleFlight.builder("sf").build();

    @Test
    void nameMustNotBeNull() {
        assertThatThrownBy(() -> SingleFlight.builder(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("name");
    }

    @Test
    void nameMustNotBeBlank() {
        assertThatThrownBy(() -> SingleFlight.builder("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name");
    }

    @Test
    void tickerMustNotBeNull() {
        assertThatThrownBy(() -> SingleFlight.builder("sf").ticker(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("ticker");
    }

    @Test
    void keyMustNotBeNull() {
        assertThatThrownBy(() -> flight.call(null, () -> 1)).isInstanceOf(NullPointerException.class)
                .hasMessage("key must not be null");
        assertThatThrownBy(() -> flight.call(null, () -> 1, Duration.ofSeconds(1)))
                .isInstanceOf(NullPointerException.class).hasMessage("key must not be null");
        assertThatThrownBy(() -> flight.callAsync(null, () -> CompletableFuture.completedFuture(1)))
                .isInstanceOf(NullPointerException.class).hasMessage("key must not be null");
        assertThatThrownBy(() -> flight.forget(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("key must not be null");
    }

    @Test
    void callableMustNotBeNull() {
        assertThatThrownBy(() -> flight.call("k", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("callable must not be null");
    }

    @Test
    void supplierMustNotBeNull() {
        assertThatThrownBy(() -> flight.callAsync("k", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("supplier must not be null");
    }

    @Test
    void timeoutMustNotBeNull() {
        assertThatThrownBy(() -> flight.call("k", () -> 1, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("timeout must not be null");
    }

    @Test
    void timeoutMustNotBeNegative() {
        assertThatThrownBy(() -> flight.call("k", () -> 1, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("timeout must be >= 0");
    }
}
