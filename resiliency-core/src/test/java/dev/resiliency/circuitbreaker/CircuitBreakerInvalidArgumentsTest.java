package dev.resiliency.circuitbreaker;

import static dev.resiliency.InvalidArgument.iae;
import static dev.resiliency.InvalidArgument.npe;

import dev.resiliency.InvalidArgument;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every public entry point of the circuit-breaker package refuses bad arguments with a message naming them. */
class CircuitBreakerInvalidArgumentsTest {

    private static final CircuitBreaker CB = CircuitBreaker.builder("cb").build();

    static Stream<Arguments> rows() {
        return Stream.of(
                npe("builder(null)", () -> CircuitBreaker.builder(null), "name"),
                iae("builder(blank)", () -> CircuitBreaker.builder(" "), "name", "blank"),
                iae("windowSize 0", () -> CircuitBreaker.builder("cb").windowSize(0).build(), "windowSize", "0"),
                iae("windowSize negative", () -> CircuitBreaker.builder("cb").windowSize(-1).build(), "windowSize"),
                iae("minimumCalls 0", () -> CircuitBreaker.builder("cb").minimumCalls(0).build(), "minimumCalls"),
                iae("failureRateThreshold above 1",
                        () -> CircuitBreaker.builder("cb").failureRateThreshold(1.01).build(), "failureRateThreshold"),
                iae("failureRateThreshold negative",
                        () -> CircuitBreaker.builder("cb").failureRateThreshold(-0.1).build(), "failureRateThreshold"),
                iae("failureRateThreshold NaN",
                        () -> CircuitBreaker.builder("cb").failureRateThreshold(Double.NaN).build(),
                        "failureRateThreshold"),
                iae("slowCallRateThreshold above 1",
                        () -> CircuitBreaker.builder("cb").slowCallRateThreshold(2).build(), "slowCallRateThreshold"),
                iae("slowCallThreshold negative",
                        () -> CircuitBreaker.builder("cb").slowCallThreshold(Duration.ofMillis(-1)).build(),
                        "slowCallThreshold"),
                npe("slowCallThreshold null", () -> CircuitBreaker.builder("cb").slowCallThreshold(null),
                        "slowCallThreshold"),
                iae("openTimeout zero", () -> CircuitBreaker.builder("cb").openTimeout(Duration.ZERO).build(),
                        "openTimeout"),
                iae("openTimeout negative",
                        () -> CircuitBreaker.builder("cb").openTimeout(Duration.ofSeconds(-1)).build(), "openTimeout"),
                npe("openTimeout null", () -> CircuitBreaker.builder("cb").openTimeout(null), "openTimeout"),
                iae("permittedCallsInHalfOpen 0",
                        () -> CircuitBreaker.builder("cb").permittedCallsInHalfOpen(0).build(),
                        "permittedCallsInHalfOpen"),
                npe("slidingWindowType null", () -> CircuitBreaker.builder("cb").slidingWindowType(null),
                        "slidingWindowType"),
                npe("recordFailure null", () -> CircuitBreaker.builder("cb").recordFailure(null), "recordFailure"),
                npe("ignoreException null", () -> CircuitBreaker.builder("cb").ignoreException(null),
                        "ignoreException"),
                npe("recordResult null", () -> CircuitBreaker.builder("cb").recordResult(null), "recordResult"),
                npe("onStateChange null", () -> CircuitBreaker.builder("cb").onStateChange(null), "onStateChange"),
                npe("ticker null", () -> CircuitBreaker.builder("cb").ticker(null), "ticker"),
                npe("call null callable", () -> CB.call(null), "callable"),
                npe("callAsync null supplier", () -> CB.callAsync(null), "supplier"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void isRefused(String description, InvalidArgument row) {
        row.assertRefused();
    }
}
