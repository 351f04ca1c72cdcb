package dev.resiliency.ratelimiter;

import static dev.resiliency.InvalidArgument.iae;
import static dev.resiliency.InvalidArgument.npe;

import dev.resiliency.InvalidArgument;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every public entry point of the rate-limiter package refuses bad arguments with a message naming them. */
class RateLimiterInvalidArgumentsTest {

    private static final RateLimiter RL = RateLimiter.builder("r").rate(10).burstSize(3).build();

    static Stream<Arguments> rows() {
        return Stream.of(
                npe("builder(null)", () -> RateLimiter.builder(null), "name"),
                iae("builder(blank)", () -> RateLimiter.builder(""), "name", "blank"),
                iae("rate missing", () -> RateLimiter.builder("r").burstSize(1).build(), "rate", "required"),
                iae("burstSize missing", () -> RateLimiter.builder("r").rate(1).build(), "burstSize", "required"),
                iae("rate zero", () -> RateLimiter.builder("r").rate(0).burstSize(1).build(), "rate", "> 0"),
                iae("rate negative", () -> RateLimiter.builder("r").rate(-1).burstSize(1).build(), "rate"),
                iae("rate NaN", () -> RateLimiter.builder("r").rate(Double.NaN).burstSize(1).build(), "rate"),
                iae("rate infinite", () -> RateLimiter.builder("r").rate(Double.POSITIVE_INFINITY).burstSize(1).build(),
                        "rate"),
                iae("burstSize zero", () -> RateLimiter.builder("r").rate(1).burstSize(0).build(), "burstSize", "0"),
                iae("burstSize negative", () -> RateLimiter.builder("r").rate(1).burstSize(-5).build(), "burstSize"),
                iae("refill longer than 73 years", () -> RateLimiter.builder("r").rate(1e-9).burstSize(10).build(),
                        "burstSize", "rate"),
                iae("maxWait negative",
                        () -> RateLimiter.builder("r").rate(1).burstSize(1).maxWait(Duration.ofMillis(-1)).build(),
                        "maxWait"),
                npe("maxWait null", () -> RateLimiter.builder("r").maxWait(null), "maxWait"),
                npe("ticker null", () -> RateLimiter.builder("r").ticker(null), "ticker"),
                npe("sleeper null", () -> RateLimiter.builder("r").sleeper(null), "sleeper"),
                npe("scheduler null", () -> RateLimiter.builder("r").scheduler(null), "scheduler"),
                npe("call null callable", () -> RL.call(null), "callable"),
                npe("call weighted null callable", () -> RL.call(1, null), "callable"),
                iae("call weight 0", () -> RL.call(0, () -> 1), "weight", "0"),
                iae("call weight negative", () -> RL.call(-2, () -> 1), "weight", "-2"),
                iae("call weight above burstSize", () -> RL.call(4, () -> 1), "weight", "4"),
                iae("tryAcquire weight 0", () -> RL.tryAcquire(0), "weight"),
                iae("tryAcquire weight above burstSize", () -> RL.tryAcquire(4), "weight", "4"),
                iae("acquire weight 0", () -> RL.acquire(0), "weight"),
                iae("acquire weight above burstSize", () -> RL.acquire(Integer.MAX_VALUE), "weight"),
                npe("callAsync null supplier", () -> RL.callAsync(null), "supplier"),
                npe("callAsync weighted null supplier", () -> RL.callAsync(1, null), "supplier"),
                iae("callAsync weight 0", () -> RL.callAsync(0, () -> CompletableFuture.completedFuture(1)), "weight"),
                iae("callAsync weight above burstSize",
                        () -> RL.callAsync(4, () -> CompletableFuture.completedFuture(1)), "weight"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void isRefused(String description, InvalidArgument row) {
        row.assertRefused();
    }
}
