package dev.resiliency.singleflight;

import static dev.resiliency.InvalidArgument.iae;
import static dev.resiliency.InvalidArgument.npe;

import dev.resiliency.InvalidArgument;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every public entry point of the single-flight package refuses bad arguments with a message naming them. */
class SingleFlightInvalidArgumentsTest {

    private static final SingleFlight SF = SingleFlight.builder("sf").build();

    static Stream<Arguments> rows() {
        return Stream.of(
                npe("builder(null)", () -> SingleFlight.builder(null), "name"),
                iae("builder(blank)", () -> SingleFlight.builder(""), "name", "blank"),
                npe("ticker null", () -> SingleFlight.builder("sf").ticker(null), "ticker"),
                npe("call null key", () -> SF.call(null, () -> 1), "key"),
                npe("call null callable", () -> SF.call("k", null), "callable"),
                npe("call with timeout null key", () -> SF.call(null, () -> 1, Duration.ofSeconds(1)), "key"),
                npe("call with timeout null callable", () -> SF.call("k", null, Duration.ofSeconds(1)), "callable"),
                npe("call null timeout", () -> SF.call("k", () -> 1, null), "timeout"),
                iae("call negative timeout", () -> SF.call("k", () -> 1, Duration.ofMillis(-5)), "timeout", ">= 0"),
                npe("callAsync null key", () -> SF.callAsync(null, () -> CompletableFuture.completedFuture(1)), "key"),
                npe("callAsync null supplier", () -> SF.callAsync("k", null), "supplier"),
                npe("forget null key", () -> SF.forget(null), "key"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void isRefused(String description, InvalidArgument row) {
        row.assertRefused();
    }
}
