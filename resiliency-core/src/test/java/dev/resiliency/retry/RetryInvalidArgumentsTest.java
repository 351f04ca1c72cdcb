package dev.resiliency.retry;

import static dev.resiliency.InvalidArgument.iae;
import static dev.resiliency.InvalidArgument.npe;

import dev.resiliency.InvalidArgument;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every public entry point of the retry package refuses bad arguments with a message naming them. */
class RetryInvalidArgumentsTest {

    private static final BackoffRetry RETRY = BackoffRetry.builder("r").build();
    private static final Duration NEGATIVE = Duration.ofMillis(-1);

    static Stream<Arguments> rows() {
        return Stream.of(
                npe("builder(null)", () -> BackoffRetry.builder(null), "name"),
                iae("builder(blank)", () -> BackoffRetry.builder("  "), "name", "blank"),
                iae("maxAttempts 0", () -> BackoffRetry.builder("r").maxAttempts(0).build(), "maxAttempts", "0"),
                iae("maxAttempts negative", () -> BackoffRetry.builder("r").maxAttempts(-2).build(), "maxAttempts"),
                iae("baseDelay negative", () -> BackoffRetry.builder("r").baseDelay(NEGATIVE).build(), "baseDelay"),
                iae("maxDelay negative", () -> BackoffRetry.builder("r").maxDelay(NEGATIVE).build(), "maxDelay"),
                iae("increment negative", () -> BackoffRetry.builder("r").increment(NEGATIVE).build(), "increment"),
                iae("multiplier below 1", () -> BackoffRetry.builder("r").multiplier(0.5).build(), "multiplier",
                        "1.0"),
                iae("multiplier NaN", () -> BackoffRetry.builder("r").multiplier(Double.NaN).build(), "multiplier"),
                iae("multiplier infinite",
                        () -> BackoffRetry.builder("r").multiplier(Double.POSITIVE_INFINITY).build(), "multiplier"),
                iae("jitter negative", () -> BackoffRetry.builder("r").jitter(-0.1).build(), "jitter"),
                iae("jitter above 1", () -> BackoffRetry.builder("r").jitter(1.5).build(), "jitter"),
                iae("jitter NaN", () -> BackoffRetry.builder("r").jitter(Double.NaN).build(), "jitter"),
                iae("budget zero", () -> BackoffRetry.builder("r").budget(Duration.ZERO).build(), "budget", "> 0"),
                iae("budget negative", () -> BackoffRetry.builder("r").budget(NEGATIVE).build(), "budget"),
                npe("backoff type null", () -> BackoffRetry.builder("r").backoff((BackoffType) null), "backoff"),
                npe("custom backoff null", () -> BackoffRetry.builder("r").backoff((Backoff) null), "backoff"),
                npe("baseDelay null", () -> BackoffRetry.builder("r").baseDelay(null), "baseDelay"),
                npe("maxDelay null", () -> BackoffRetry.builder("r").maxDelay(null), "maxDelay"),
                npe("increment null", () -> BackoffRetry.builder("r").increment(null), "increment"),
                npe("budget null", () -> BackoffRetry.builder("r").budget(null), "budget"),
                npe("retryIf null", () -> BackoffRetry.builder("r").retryIf(null), "retryIf"),
                npe("retryOnResult null", () -> BackoffRetry.builder("r").retryOnResult(null), "retryOnResult"),
                npe("onRetry null", () -> BackoffRetry.builder("r").onRetry(null), "onRetry"),
                npe("ticker null", () -> BackoffRetry.builder("r").ticker(null), "ticker"),
                npe("sleeper null", () -> BackoffRetry.builder("r").sleeper(null), "sleeper"),
                npe("scheduler null", () -> BackoffRetry.builder("r").scheduler(null), "scheduler"),
                npe("executor null", () -> BackoffRetry.builder("r").executor(null), "executor"),
                npe("call null callable", () -> RETRY.call(null), "callable"),
                npe("callAsync null supplier", () -> RETRY.callAsync(null), "supplier"),
                iae("exponential negative base", () -> Backoff.exponential(NEGATIVE, 2.0), "base"),
                iae("exponential multiplier below 1", () -> Backoff.exponential(Duration.ofMillis(1), 0.9),
                        "multiplier"),
                npe("exponential null base", () -> Backoff.exponential(null, 2.0), "base"),
                iae("linear negative base", () -> Backoff.linear(NEGATIVE, Duration.ZERO), "base"),
                iae("linear negative increment", () -> Backoff.linear(Duration.ZERO, NEGATIVE), "increment"),
                iae("constant negative delay", () -> Backoff.constant(NEGATIVE), "delay"),
                npe("constant null delay", () -> Backoff.constant(null), "delay"),
                npe("sequence null array", () -> Backoff.sequence((Duration[]) null), "delays"),
                npe("sequence null list", () -> Backoff.sequence((List<Duration>) null), "delays"),
                iae("sequence negative element", () -> Backoff.sequence(Duration.ZERO, NEGATIVE), "delays[1]"),
                npe("sequence null element", () -> Backoff.sequence(Arrays.asList(Duration.ZERO, null)),
                        "delays[1]"),
                iae("withJitter above 1", () -> Backoff.constant(Duration.ZERO).withJitter(2.0), "proportion"),
                iae("withJitter negative", () -> Backoff.constant(Duration.ZERO).withJitter(-1.0), "proportion"),
                iae("cappedAt negative", () -> Backoff.constant(Duration.ZERO).cappedAt(NEGATIVE), "max"),
                npe("cappedAt null", () -> Backoff.constant(Duration.ZERO).cappedAt(null), "max"),
                iae("delayNanos retry 0", () -> Backoff.constant(Duration.ZERO).delayNanos(0), "retry", ">= 1"),
                iae("delayNanos retry negative", () -> Backoff.exponential(Duration.ofMillis(1), 2).delayNanos(-1),
                        "retry"),
                iae("linear delayNanos retry 0", () -> Backoff.linear(Duration.ZERO, Duration.ZERO).delayNanos(0),
                        "retry"),
                iae("sequence delayNanos retry 0", () -> Backoff.sequence(Duration.ZERO).delayNanos(0), "retry"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void isRefused(String description, InvalidArgument row) {
        row.assertRefused();
    }
}
