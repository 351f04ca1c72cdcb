package dev.resiliency.pipeline;

import static dev.resiliency.InvalidArgument.iae;
import static dev.resiliency.InvalidArgument.npe;

import dev.resiliency.InvalidArgument;
import dev.resiliency.bulkhead.Bulkhead;
import dev.resiliency.ratelimiter.RateLimiter;
import dev.resiliency.semaphore.WeightedSemaphore;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every public entry point of the pipeline package refuses bad arguments with a message naming them. */
class PipelineInvalidArgumentsTest {

    private static final WeightedSemaphore SEM = WeightedSemaphore.builder("s").max(3).build();
    private static final RateLimiter RL = RateLimiter.builder("r").rate(10).burstSize(2).build();
    private static final Bulkhead BH = Bulkhead.builder("b").maxConcurrent(1).build();
    private static final ResiliencePipeline EMPTY = ResiliencePipeline.builder().build();

    static Stream<Arguments> rows() {
        return Stream.of(
                npe("fallback null", () -> ResiliencePipeline.builder().fallback(null), "fallback"),
                npe("fallback null predicate", () -> ResiliencePipeline.builder().fallback(null, e -> null), "on"),
                npe("circuitBreaker null", () -> ResiliencePipeline.builder().circuitBreaker(null), "circuitBreaker"),
                npe("singleFlight null", () -> ResiliencePipeline.builder().singleFlight(null), "singleFlight"),
                npe("rateLimiter null", () -> ResiliencePipeline.builder().rateLimiter(null), "rateLimiter"),
                iae("rateLimiter weight 0", () -> ResiliencePipeline.builder().rateLimiter(RL, 0), "weight"),
                iae("rateLimiter weight above burstSize", () -> ResiliencePipeline.builder().rateLimiter(RL, 3),
                        "weight", "burstSize", "3"),
                npe("bulkhead null", () -> ResiliencePipeline.builder().bulkhead(null), "bulkhead"),
                iae("bulkhead negative maxWait",
                        () -> ResiliencePipeline.builder().bulkhead(BH, Duration.ofMillis(-1)), "maxWait"),
                npe("bulkhead null maxWait", () -> ResiliencePipeline.builder().bulkhead(BH, null), "maxWait"),
                npe("weightedSemaphore null", () -> ResiliencePipeline.builder().weightedSemaphore(null, 1),
                        "weightedSemaphore"),
                iae("weightedSemaphore weight 0", () -> ResiliencePipeline.builder().weightedSemaphore(SEM, 0),
                        "weight", "0"),
                iae("weightedSemaphore weight above max", () -> ResiliencePipeline.builder().weightedSemaphore(SEM, 4),
                        "weight", "max", "4"),
                iae("weightedSemaphore negative timeout",
                        () -> ResiliencePipeline.builder().weightedSemaphore(SEM, 1, Duration.ofMillis(-1)), "timeout"),
                npe("weightedSemaphore null timeout",
                        () -> ResiliencePipeline.builder().weightedSemaphore(SEM, 1, null), "timeout"),
                npe("retry null", () -> ResiliencePipeline.builder().retry(null), "retry"),
                npe("hedged null", () -> ResiliencePipeline.builder().hedged(null), "hedged"),
                npe("listener null", () -> ResiliencePipeline.builder().listener(null), "listener"),
                npe("call null callable", () -> EMPTY.call(null), "callable"),
                npe("keyed call null callable", () -> EMPTY.call("k", null), "callable"),
                npe("callAsync null supplier", () -> EMPTY.callAsync(null), "supplier"),
                npe("keyed callAsync null supplier", () -> EMPTY.callAsync("k", null), "supplier"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void isRefused(String description, InvalidArgument row) {
        row.assertRefused();
    }
}
