package dev.resiliency.ratelimiter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resiliency.RateLimitedException;
import dev.resiliency.testing.FakeSleeper;
import dev.resiliency.testing.FakeTicker;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * The rate limiter against a leaky-bucket model written the other way round: a level of "token nanoseconds"
 * that fills with elapsed time up to {@code burstSize * interval} and drains by {@code weight * interval} per
 * grant (the limiter itself keeps a virtual schedule instead). Random rates, bursts, maximum waits, weights and
 * clock moves (not whole intervals); every decision, every {@code retryAfter} and every wait must agree, and the
 * grants never exceed {@code burstSize + elapsed / interval} tokens.
 */
class RateLimiterProperties {

    @Property(tries = 400)
    void decisionsWaitsAndRetryAftersFollowTheModel(@ForAll @DoubleRange(min = 0.5, max = 5_000) double rate,
            @ForAll @IntRange(min = 1, max = 8) int burst, @ForAll @IntRange(min = 0, max = 3) int maxWaitIntervals,
            @ForAll("operations") List<Op> operations) throws Exception {
        FakeTicker ticker = new FakeTicker();
        FakeSleeper sleeper = new FakeSleeper(ticker);
        long interval = TokenBucket.intervalNanos(rate, burst);
        long maxWait = maxWaitIntervals * interval;
        RateLimiter limiter = RateLimiter.builder("prop").rate(rate).burstSize(burst).ticker(ticker).sleeper(sleeper)
                .maxWait(Duration.ofNanos(maxWait)).build();
        long capacity = burst * interval;
        long level = capacity;
        long start = ticker.read();
        long granted = 0;
        long permitted = 0;
        long rejected = 0;
        int sleeps = 0;
        for (Op op : operations) {
            if (op instanceof Advance a) {
                long nanos = (long) (a.intervals() * interval);
                ticker.advance(Duration.ofNanos(nanos));
                level = Math.min(capacity, level + nanos);
            } else if (op instanceof Reset) {
                limiter.reset();
                level = capacity;
            } else if (op instanceof Take t) {
                int weight = Math.min(t.weight(), burst);
                long cost = weight * interval;
                long need = cost - level;
                if (t.blocking()) {
                    if (need <= maxWait) {
                        assertThat(limiter.call(weight, () -> "ran")).isEqualTo("ran");
                        if (need > 0) {
                            sleeps++;
                            assertThat(sleeper.sleeps().get(sleeps - 1)).isEqualTo(Duration.ofNanos(need));
                            level = 0; // the wait refilled exactly what was missing
                        } else {
                            level -= cost;
                        }
                        granted += weight;
                        permitted++;
                    } else {
                        long expectedMillis = Math.max(1, (need + 999_999) / 1_000_000);
                        assertThatThrownBy(() -> limiter.call(weight, () -> "never"))
                                .isInstanceOfSatisfying(RateLimitedException.class, e ->
                                        assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(expectedMillis)));
                        rejected++;
                    }
                } else {
                    boolean expected = need <= 0;
                    assertThat(limiter.tryAcquire(weight)).as("tryAcquire(%d) with %d of %d", weight, level, cost)
                            .isEqualTo(expected);
                    if (expected) {
                        level -= cost;
                        granted += weight;
                        permitted++;
                    } else {
                        rejected++;
                    }
                }
            }
            assertThat(sleeper.sleeps()).hasSize(sleeps);
            RateLimiterStats stats = limiter.stats();
            assertThat(stats.permitted()).isEqualTo(permitted);
            assertThat(stats.rejected()).isEqualTo(rejected);
            assertThat(stats.availableTokens()).isCloseTo(Math.max(0, level) / (double) interval,
                    org.assertj.core.data.Offset.offset(1e-6));
            if (operations.stream().noneMatch(o -> o instanceof Reset)) {
                long elapsed = ticker.read() - start;
                assertThat(granted).isLessThanOrEqualTo(burst + elapsed / interval);
            }
        }
    }

    sealed interface Op permits Take, Advance, Reset {
    }

    /** Takes weight tokens: {@code tryAcquire}, or {@code call} (which may wait up to maxWait). */
    record Take(int weight, boolean blocking) implements Op {
    }

    /** Moves the clock by a fraction of refill intervals. */
    record Advance(double intervals) implements Op {
    }

    record Reset() implements Op {
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        return Arbitraries.<Op>frequencyOf(
                Tuple.of(6, net.jqwik.api.Combinators.combine(Arbitraries.integers().between(1, 8),
                        Arbitraries.of(true, false)).as((w, b) -> (Op) new Take(w, b))),
                Tuple.of(4, Arbitraries.doubles().between(0, 4).map(d -> (Op) new Advance(d))),
                Tuple.of(1, Arbitraries.just((Op) new Reset())))
                .list().ofMinSize(1).ofMaxSize(50);
    }
}
