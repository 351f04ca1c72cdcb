package dev.resiliency.semaphore;

import static dev.resiliency.InvalidArgument.iae;
import static dev.resiliency.InvalidArgument.npe;

import dev.resiliency.InvalidArgument;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every public entry point of the semaphore package refuses bad arguments with a message naming them. */
class SemaphoreInvalidArgumentsTest {

    private static final WeightedSemaphore SEM = WeightedSemaphore.builder("s").max(5).build();

    static Stream<Arguments> rows() {
        return Stream.of(
                npe("builder(null)", () -> WeightedSemaphore.builder(null), "name"),
                iae("builder(blank)", () -> WeightedSemaphore.builder(" "), "name", "blank"),
                iae("max missing", () -> WeightedSemaphore.builder("s").build(), "max", "required"),
                iae("max 0", () -> WeightedSemaphore.builder("s").max(0).build(), "max", ">= 1", "0"),
                iae("max negative", () -> WeightedSemaphore.builder("s").max(-3).build(), "max", "-3"),
                npe("ticker null", () -> WeightedSemaphore.builder("s").ticker(null), "ticker"),
                npe("scheduler null", () -> WeightedSemaphore.builder("s").scheduler(null), "scheduler"),
                iae("acquire weight 0", () -> SEM.acquire(0, () -> 1), "weight", "0"),
                iae("acquire weight negative", () -> SEM.acquire(-1, () -> 1), "weight", "-1"),
                iae("acquire weight above max", () -> SEM.acquire(6, () -> 1), "weight", "max", "6"),
                npe("acquire null callable", () -> SEM.acquire(1, null), "callable"),
                iae("acquire negative timeout", () -> SEM.acquire(1, () -> 1, Duration.ofMillis(-1)), "timeout"),
                npe("acquire null timeout", () -> SEM.acquire(1, () -> 1, null), "timeout"),
                iae("acquire timeout and weight above max", () -> SEM.acquire(9, () -> 1, Duration.ofSeconds(1)),
                        "weight", "9"),
                iae("tryAcquire weight 0", () -> SEM.tryAcquire(0, () -> 1), "weight", "0"),
                iae("tryAcquire weight above max", () -> SEM.tryAcquire(Integer.MAX_VALUE, () -> 1), "weight"),
                npe("tryAcquire null callable", () -> SEM.tryAcquire(1, null), "callable"),
                iae("acquireAsync weight 0", () -> SEM.acquireAsync(0, () -> CompletableFuture.completedFuture(1)),
                        "weight", "0"),
                iae("acquireAsync weight above max",
                        () -> SEM.acquireAsync(6, () -> CompletableFuture.completedFuture(1)), "weight", "6"),
                npe("acquireAsync null supplier", () -> SEM.acquireAsync(1, null), "supplier"),
                iae("acquireAsync negative timeout",
                        () -> SEM.acquireAsync(1, () -> CompletableFuture.completedFuture(1), Duration.ofNanos(-1)),
                        "timeout"),
                npe("acquireAsync null timeout",
                        () -> SEM.acquireAsync(1, () -> CompletableFuture.completedFuture(1), null), "timeout"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void isRefused(String description, InvalidArgument row) {
        row.assertRefused();
    }
}
