package dev.resiliency.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class CircuitBreakerBuilderTest {

    private static void rejects(Consumer<CircuitBreaker.Builder> option, String message) {
        CircuitBreaker.Builder builder = CircuitBreaker.builder("cb");
        option.accept(builder);
        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void defaultsMatchTheReference() {
        CircuitBreaker breaker = CircuitBreaker.builder("payments").build();

        assertThat(breaker.name()).isEqualTo("payments");
        assertThat(breaker.config()).isEqualTo(new CircuitBreakerConfig(SlidingWindowType.COUNT, 100, 10, 0.5, null,
                1.0, Duration.ofSeconds(60), 1));
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void configReflectsEveryOption() {
        CircuitBreaker breaker = CircuitBreaker.builder("cb").slidingWindowType(SlidingWindowType.TIME).windowSize(30)
                .minimumCalls(5).failureRateThreshold(0.25).slowCallThreshold(Duration.ofMillis(200))
                .slowCallRateThreshold(0.75).openTimeout(Duration.ofSeconds(5)).permittedCallsInHalfOpen(3).build();

        assertThat(breaker.config()).isEqualTo(new CircuitBreakerConfig(SlidingWindowType.TIME, 30, 5, 0.25,
                Duration.ofMillis(200), 0.75, Duration.ofSeconds(5), 3));
    }

    @Test
    void boundaryValuesAreAccepted() {
        CircuitBreaker breaker = CircuitBreaker.builder("cb").windowSize(1).minimumCalls(1).failureRateThreshold(0.0)
                .slowCallThreshold(Duration.ZERO).slowCallRateThreshold(1.0).openTimeout(Duration.ofNanos(1))
                .permittedCallsInHalfOpen(1_000_000).build();

        assertThat(breaker.config().windowSize()).isEqualTo(1);
    }

    @Test
    void windowSizeMustBePositive() {
        rejects(b -> b.windowSize(0), "windowSize must be >= 1, got: 0");
    }

    @Test
    void windowSizeMustNotExceedOneMillion() {
        rejects(b -> b.windowSize(1_000_001), "windowSize must be <= 1000000, got: 1000001");
    }

    @Test
    void minimumCallsMustBePositive() {
        rejects(b -> b.minimumCalls(0), "minimumCalls must be >= 1, got: 0");
    }

    @Test
    void failureRateThresholdMustNotBeNegative() {
        rejects(b -> b.failureRateThreshold(-0.1), "failureRateThreshold must be between 0.0 and 1.0, got: -0.1");
    }

    @Test
    void failureRateThresholdMustNotExceedOne() {
        rejects(b -> b.failureRateThreshold(1.5), "failureRateThreshold must be between 0.0 and 1.0, got: 1.5");
    }

    @Test
    void failureRateThresholdMustBeANumber() {
        rejects(b -> b.failureRateThreshold(Double.NaN), "failureRateThreshold must be between 0.0 and 1.0, got: NaN");
    }

    @Test
    void slowCallThresholdMustNotBeNegative() {
        rejects(b -> b.slowCallThreshold(Duration.ofMillis(-1)), "slowCallThreshold must be >= 0, got: PT-0.001S");
    }

    @Test
    void slowCallRateThresholdMustBeBetweenZeroAndOne() {
        rejects(b -> b.slowCallRateThreshold(1.01), "slowCallRateThreshold must be between 0.0 and 1.0, got: 1.01");
    }

    @Test
    void openTimeoutMustBePositive() {
        rejects(b -> b.openTimeout(Duration.ZERO), "openTimeout must be > 0, got: PT0S");
    }

    @Test
    void permittedCallsInHalfOpenMustBePositive() {
        rejects(b -> b.permittedCallsInHalfOpen(0), "permittedCallsInHalfOpen must be >= 1, got: 0");
    }

    @Test
    void permittedCallsInHalfOpenMustNotExceedOneMillion() {
        rejects(b -> b.permittedCallsInHalfOpen(2_000_000), "permittedCallsInHalfOpen must be <= 1000000, got: 2000000");
    }

    @Test
    void nameIsRequiredAndNotBlank() {
        assertThatThrownBy(() -> CircuitBreaker.builder(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("name must not be null");
        assertThatThrownBy(() -> CircuitBreaker.builder(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name must not be blank");
    }

    @Test
    void nullOptionsAreRejectedNamingTheOption() {
        CircuitBreaker.Builder b = CircuitBreaker.builder("cb");
        assertThatThrownBy(() -> b.slidingWindowType(null)).hasMessage("slidingWindowType must not be null");
        assertThatThrownBy(() -> b.slowCallThreshold(null)).hasMessage("slowCallThreshold must not be null");
        assertThatThrownBy(() -> b.openTimeout(null)).hasMessage("openTimeout must not be null");
        assertThatThrownBy(() -> b.recordFailure(null)).hasMessage("recordFailure must not be null");
        assertThatThrownBy(() -> b.ignoreException(null)).hasMessage("ignoreException must not be null");
        assertThatThrownBy(() -> b.recordResult(null)).hasMessage("recordResult must not be null");
        assertThatThrownBy(() -> b.onStateChange(null)).hasMessage("onStateChange must not be null");
        assertThatThrownBy(() -> b.ticker(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("ticker must not be null");
    }

    @Test
    void nullCallablesAreRejected() {
        CircuitBreaker breaker = CircuitBreaker.builder("cb").build();
        assertThatThrownBy(() -> breaker.call(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("callable must not be null");
        assertThatThrownBy(() -> breaker.callAsync(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("supplier must not be null");
    }
}
