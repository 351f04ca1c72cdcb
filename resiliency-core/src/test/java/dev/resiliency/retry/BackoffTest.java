package dev.resiliency.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final long MS = 1_000_000L;

    /** The first {@code n} delays, in milliseconds (exact: the tests use whole milliseconds). */
    private static List<Long> millis(Backoff backoff, int n) {
        List<Long> delays = new ArrayList<>();
        for (int retry = 1; retry <= n; retry++) {
            long nanos = backoff.delayNanos(retry);
            delays.add(nanos < 0 ? nanos : nanos / MS);
        }
        return delays;
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    @Test
    void exponentialMultipliesThePreviousDelay() {
        assertThat(millis(Backoff.exponential(ms(100), 2.0), 4)).containsExactly(100L, 200L, 400L, 800L);
        assertThat(millis(Backoff.exponential(ms(10), 3.0), 4)).containsExactly(10L, 30L, 90L, 270L);
    }

    @Test
    void exponentialWithMultiplierOneIsConstant() {
        assertThat(millis(Backoff.exponential(ms(100), 1.0), 5)).containsOnly(100L);
    }

    @Test
    void exponentialWithFractionalMultiplierRoundsToTheNanosecond() {
        Backoff backoff = Backoff.exponential(Duration.ofNanos(3), 1.5);
        assertThat(IntStream.rangeClosed(1, 4).mapToLong(backoff::delayNanos).toArray())
                .containsExactly(3L, 5L, 7L, 10L); // 3, 4.5, 6.75, 10.125
        assertThat(Backoff.exponential(ms(100), 1.5).delayNanos(4)).isEqualTo(337_500_000L);
    }

    @Test
    void exponentialOfZeroBaseStaysZeroForever() {
        assertThat(Backoff.exponential(Duration.ZERO, 10.0).delayNanos(10_000)).isZero();
    }

    @Test
    void exponentialSaturatesInsteadOfOverflowing() {
        Backoff capped = Backoff.exponential(ms(1), 10.0).cappedAt(ms(5000));
        List<Long> delays = millis(capped, 30);
        assertThat(delays.subList(0, 5)).containsExactly(1L, 10L, 100L, 1000L, 5000L);
        assertThat(delays.subList(4, 30)).containsOnly(5000L);

        Backoff uncapped = Backoff.exponential(ms(1), 10.0);
        assertThat(uncapped.delayNanos(30)).isEqualTo(Long.MAX_VALUE);
        assertThat(uncapped.delayNanos(Integer.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void linearAddsTheIncrement() {
        assertThat(millis(Backoff.linear(ms(100), ms(100)), 4)).containsExactly(100L, 200L, 300L, 400L);
        assertThat(millis(Backoff.linear(ms(50), ms(100)), 3)).containsExactly(50L, 150L, 250L);
        assertThat(millis(Backoff.linear(ms(50), Duration.ZERO), 3)).containsExactly(50L, 50L, 50L);
    }

    @Test
    void linearSaturatesInsteadOfOverflowing() {
        Backoff backoff = Backoff.linear(Duration.ofDays(365 * 100), Duration.ofDays(365 * 100));
        assertThat(backoff.delayNanos(Integer.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
        assertThat(backoff.delayNanos(3)).isPositive();
    }

    @Test
    void constantRepeatsTheDelay() {
        assertThat(millis(Backoff.constant(ms(100)), 3)).containsExactly(100L, 100L, 100L);
    }

    @Test
    void sequenceGivesItsDelaysThenIsExhausted() {
        Backoff backoff = Backoff.sequence(ms(100), ms(200), ms(300), ms(400));
        assertThat(millis(backoff, 6)).containsExactly(100L, 200L, 300L, 400L, -1L, -1L);
        assertThat(Backoff.sequence(List.of()).delayNanos(1)).isEqualTo(Backoff.EXHAUSTED);
    }

    @Test
    void sequenceCopiesItsInput() {
        Duration[] delays = {ms(10), ms(20)};
        Backoff backoff = Backoff.sequence(delays);
        delays[0] = ms(99);
        assertThat(millis(backoff, 2)).containsExactly(10L, 20L);
    }

    @Test
    void capClampsEveryDelay() {
        assertThat(millis(Backoff.exponential(ms(100), 2.0).cappedAt(ms(300)), 5))
                .containsExactly(100L, 200L, 300L, 300L, 300L);
        assertThat(millis(Backoff.sequence(ms(10_000)).cappedAt(ms(5000)), 2)).containsExactly(5000L, -1L);
    }

    @Test
    void capOfZeroGivesAllZeros() {
        assertThat(millis(Backoff.exponential(ms(100), 2.0).cappedAt(Duration.ZERO), 10)).containsOnly(0L);
    }

    @Test
    void jitterOfZeroReturnsTheExactValues() {
        Backoff backoff = Backoff.exponential(ms(100), 2.0);
        assertThat(backoff.withJitter(0.0)).isSameAs(backoff);
        assertThat(millis(backoff.withJitter(0.0), 3)).containsExactly(100L, 200L, 400L);
    }

    @Test
    void jitterStaysWithinItsBounds() {
        Backoff jittered = Backoff.constant(ms(1000)).withJitter(0.25);
        for (int i = 0; i < 10_000; i++) {
            assertThat(jittered.delayNanos(1)).isBetween(750 * MS, 1250 * MS);
        }
    }

    @Test
    void fullJitterSpansZeroToTwiceTheDelay() {
        Backoff jittered = Backoff.constant(ms(100)).withJitter(1.0);
        for (int i = 0; i < 10_000; i++) {
            assertThat(jittered.delayNanos(1)).isBetween(0L, 200 * MS);
        }
    }

    @Test
    void jitterMeanIsCentredOnTheDelay() {
        Backoff jittered = Backoff.constant(ms(1000)).withJitter(0.5);
        double mean = IntStream.range(0, 10_000).mapToLong(i -> jittered.delayNanos(1)).average().orElseThrow();
        assertThat(mean).isBetween(950.0 * MS, 1050.0 * MS);
    }

    @Test
    void jitterOfAZeroDelayIsZero() {
        Backoff jittered = Backoff.constant(Duration.ZERO).withJitter(1.0);
        assertThat(IntStream.range(0, 1000).mapToLong(i -> jittered.delayNanos(1))).containsOnly(0L);
    }

    @Test
    void jitterNearOneOnTheSmallestDelayNeverGoesNegative() {
        Backoff jittered = Backoff.constant(Duration.ofNanos(1)).withJitter(0.999);
        assertThat(IntStream.range(0, 10_000).mapToLong(i -> jittered.delayNanos(1)).min().orElseThrow())
                .isGreaterThanOrEqualTo(0L);
    }

    @Test
    void jitterOfAnExhaustedSequenceStaysExhausted() {
        assertThat(Backoff.sequence(ms(10)).withJitter(0.5).delayNanos(2)).isEqualTo(Backoff.EXHAUSTED);
    }

    @Test
    void jitterSaturatesOnHugeDelays() {
        Backoff jittered = Backoff.constant(Duration.ofNanos(Long.MAX_VALUE)).withJitter(1.0);
        for (int i = 0; i < 1000; i++) {
            assertThat(jittered.delayNanos(1)).isNotNegative();
        }
    }

    @Test
    void customBackoffIsALambda() {
        Backoff fibonacci = retry -> {
            long a = 0;
            long b = MS;
            for (int i = 1; i < retry; i++) {
                long next = a + b;
                a = b;
                b = next;
            }
            return b;
        };
        assertThat(millis(fibonacci.cappedAt(ms(4)), 6)).containsExactly(1L, 1L, 2L, 3L, 4L, 4L);
    }

    // ---- validation ----

    @Test
    void rejectsNegativeExponentialBase() {
        assertThatIllegalArgumentException().isThrownBy(() -> Backoff.exponential(ms(-1), 2.0))
                .withMessageContaining("base must be >= 0");
    }

    @Test
    void rejectsExponentialMultiplierBelowOne() {
        assertThatIllegalArgumentException().isThrownBy(() -> Backoff.exponential(ms(1), 0.5))
                .withMessage("multiplier must be a finite number >= 1.0, got: 0.5");
    }

    @Test
    void rejectsNonFiniteExponentialMultiplier() {
        assertThatIllegalArgumentException().isThrownBy(() -> Backoff.exponential(ms(1), Double.NaN));
        assertThatIllegalArgumentException().isThrownBy(() -> Backoff.exponential(ms(1), Double.POSITIVE_INFINITY));
    }

    @Test
    void rejectsNegativeLinearIncrement() {
        assertThatIllegalArgumentException().isThrownBy(() -> Backoff.linear(ms(1), ms(-1)))
                .withMessageContaining("increment must be >= 0");
    }

    @Test
    void rejectsNegativeConstantDelay() {
        assertThatIllegalArgumentException().isThrownBy(() -> Backoff.constant(ms(-1)))
                .withMessageContaining("delay must be >= 0");
    }

    @Test
    void rejectsNegativeOrNullSequenceElements() {
        assertThatIllegalArgumentException().isThrownBy(() -> Backoff.sequence(ms(1), ms(-1)))
                .withMessageContaining("delays[1] must be >= 0");
        assertThatNullPointerException().isThrownBy(() -> Backoff.sequence(Arrays.asList(ms(1), null)))
                .withMessageContaining("delays[1]");
        assertThatNullPointerException().isThrownBy(() -> Backoff.sequence((List<Duration>) null))
                .withMessage("delays must not be null");
    }

    @Test
    void rejectsJitterOutsideZeroToOne() {
        Backoff backoff = Backoff.constant(ms(1));
        assertThatIllegalArgumentException().isThrownBy(() -> backoff.withJitter(-0.1))
                .withMessageContaining("proportion must be between 0.0 and 1.0");
        assertThatIllegalArgumentException().isThrownBy(() -> backoff.withJitter(1.1));
        assertThatIllegalArgumentException().isThrownBy(() -> backoff.withJitter(Double.NaN));
    }

    @Test
    void rejectsNegativeCap() {
        assertThatIllegalArgumentException().isThrownBy(() -> Backoff.constant(ms(1)).cappedAt(ms(-1)))
                .withMessageContaining("max must be >= 0");
    }

    @Test
    void rejectsRetryNumberBelowOne() {
        assertThatIllegalArgumentException().isThrownBy(() -> Backoff.constant(ms(1)).delayNanos(0))
                .withMessage("retry must be >= 1, got: 0");
    }
}
