package dev.resiliency.hedged;

import static dev.resiliency.InvalidArgument.iae;
import static dev.resiliency.InvalidArgument.npe;

import dev.resiliency.InvalidArgument;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every public entry point of the hedged package refuses bad arguments with a message naming them. */
class HedgedInvalidArgumentsTest {

    private static final Hedged HEDGED = Hedged.builder("h").delay(Duration.ofMillis(10)).build();
    private static final Duration NEGATIVE = Duration.ofMillis(-1);

    static Stream<Arguments> rows() {
        return Stream.of(
                npe("builder(null)", () -> Hedged.builder(null), "name"),
                iae("builder(blank)", () -> Hedged.builder(" "), "name", "blank"),
                iae("delay negative", () -> Hedged.builder("h").delay(NEGATIVE).build(), "delay"),
                iae("maxRequests 0", () -> Hedged.builder("h").maxRequests(0).build(), "maxRequests", "0"),
                iae("timeout zero", () -> Hedged.builder("h").timeout(Duration.ZERO).build(), "timeout"),
                iae("timeout negative", () -> Hedged.builder("h").timeout(NEGATIVE).build(), "timeout"),
                iae("percentile above 100", () -> Hedged.builder("h").percentile(100.5).build(), "percentile"),
                iae("percentile negative", () -> Hedged.builder("h").percentile(-1).build(), "percentile"),
                iae("percentile NaN", () -> Hedged.builder("h").percentile(Double.NaN).build(), "percentile"),
                iae("bufferSize 0", () -> Hedged.builder("h").bufferSize(0).build(), "bufferSize"),
                iae("minDelay negative", () -> Hedged.builder("h").minDelay(NEGATIVE).build(), "minDelay"),
                iae("maxDelay below minDelay", () -> Hedged.builder("h").minDelay(Duration.ofSeconds(2))
                        .maxDelay(Duration.ofSeconds(1)).build(), "maxDelay", "minDelay"),
                iae("initialDelay negative", () -> Hedged.builder("h").initialDelay(NEGATIVE).build(),
                        "initialDelay"),
                iae("minSamples negative", () -> Hedged.builder("h").minSamples(-1).build(), "minSamples"),
                iae("tokenMax negative", () -> Hedged.builder("h").tokenMax(-1).build(), "tokenMax"),
                iae("tokenSuccessCredit negative", () -> Hedged.builder("h").tokenSuccessCredit(-0.1).build(),
                        "tokenSuccessCredit"),
                iae("tokenHedgeCost negative", () -> Hedged.builder("h").tokenHedgeCost(-1).build(),
                        "tokenHedgeCost"),
                iae("tokenThreshold NaN", () -> Hedged.builder("h").tokenThreshold(Double.NaN).build(),
                        "tokenThreshold"),
                npe("delay null", () -> Hedged.builder("h").delay(null), "delay"),
                npe("timeout null", () -> Hedged.builder("h").timeout(null), "timeout"),
                npe("minDelay null", () -> Hedged.builder("h").minDelay(null), "minDelay"),
                npe("maxDelay null", () -> Hedged.builder("h").maxDelay(null), "maxDelay"),
                npe("initialDelay null", () -> Hedged.builder("h").initialDelay(null), "initialDelay"),
                npe("nonFatal null", () -> Hedged.builder("h").nonFatal(null), "nonFatal"),
                npe("onHedge null", () -> Hedged.builder("h").onHedge(null), "onHedge"),
                npe("executor null", () -> Hedged.builder("h").executor(null), "executor"),
                npe("scheduler null", () -> Hedged.builder("h").scheduler(null), "scheduler"),
                npe("ticker null", () -> Hedged.builder("h").ticker(null), "ticker"),
                npe("call null callable", () -> HEDGED.call(null), "callable"),
                npe("callAsync null supplier", () -> HEDGED.callAsync(null), "supplier"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void isRefused(String description, InvalidArgument row) {
        row.assertRefused();
    }
}
