package dev.resiliency.bulkhead;

import static dev.resiliency.InvalidArgument.iae;
import static dev.resiliency.InvalidArgument.npe;

import dev.resiliency.InvalidArgument;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every public entry point of the bulkhead package refuses bad arguments with a message naming them. */
class BulkheadInvalidArgumentsTest {

    private static final Bulkhead BH = Bulkhead.builder("b").maxConcurrent(2).build();
    private static final Duration NEGATIVE = Duration.ofMillis(-1);

    static Stream<Arguments> rows() {
        return Stream.of(
                npe("builder(null)", () -> Bulkhead.builder(null), "name"),
                iae("builder(blank)", () -> Bulkhead.builder(" "), "name", "blank"),
                iae("maxConcurrent missing", () -> Bulkhead.builder("b").build(), "maxConcurrent", "required"),
                iae("maxConcurrent negative", () -> Bulkhead.builder("b").maxConcurrent(-1).build(), "maxConcurrent",
                        "-1"),
                iae("maxWait negative", () -> Bulkhead.builder("b").maxConcurrent(1).maxWait(NEGATIVE).build(),
                        "maxWait"),
                npe("maxWait null", () -> Bulkhead.builder("b").maxWait(null), "maxWait"),
                npe("ticker null", () -> Bulkhead.builder("b").ticker(null), "ticker"),
                npe("scheduler null", () -> Bulkhead.builder("b").scheduler(null), "scheduler"),
                npe("call null callable", () -> BH.call(null), "callable"),
                npe("call with maxWait null callable", () -> BH.call(null, Duration.ZERO), "callable"),
                npe("call null maxWait", () -> BH.call(() -> 1, null), "maxWait"),
                iae("call negative maxWait", () -> BH.call(() -> 1, NEGATIVE), "maxWait"),
                npe("callAsync null supplier", () -> BH.callAsync(null), "supplier"),
                npe("callAsync null maxWait", () -> BH.callAsync(() -> CompletableFuture.completedFuture(1), null),
                        "maxWait"),
                iae("callAsync negative maxWait",
                        () -> BH.callAsync(() -> CompletableFuture.completedFuture(1), NEGATIVE), "maxWait"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void isRefused(String description, InvalidArgument row) {
        row.assertRefused();
    }
}
