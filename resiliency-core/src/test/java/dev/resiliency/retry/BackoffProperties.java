package dev.resiliency.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resiliency.Sleeper;
import dev.resiliency.testing.FakeScheduler;
import dev.resiliency.testing.FakeTicker;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Random backoff configurations (strategy, base, cap, multiplier, increment, jitter, attempts, budget, custom
 * sequences) and random attempt durations, on a fake clock. Whatever the configuration: every delay lies in
 * {@code [0, maxDelay]}; there are never more waits than {@code maxAttempts - 1}; no wait ends after
 * {@code start + budget}; without a budget an infinite strategy uses every attempt; the sync and async paths wait
 * the same way; and the stats count every attempt.
 */
class BackoffProperties {

    /** One random configuration; {@code budgetMillis} and {@code sequenceMillis} are null when unused. */
    record Config(BackoffType type, long baseMillis, long maxMillis, double multiplier, long incrementMillis,
            double jitter, int maxAttempts, Long budgetMillis, List<Long> sequenceMillis) {

        BackoffRetry.Builder builder(String name) {
            BackoffRetry.Builder builder = BackoffRetry.builder(name)
                    .maxAttempts(maxAttempts)
                    .baseDelay(Duration.ofMillis(baseMillis))
                    .maxDelay(Duration.ofMillis(maxMillis))
                    .multiplier(multiplier)
                    .increment(Duration.ofMillis(incrementMillis))
                    .jitter(jitter)
                    .backoff(type);
            if (sequenceMillis != null) {
                builder.backoff(Backoff.sequence(sequenceMillis.stream().map(Duration::ofMillis).toList()));
            }
            if (budgetMillis != null) {
                builder.budget(Duration.ofMillis(budgetMillis));
            }
            return builder;
        }

        Duration maxDelay() {
            return Duration.ofMillis(maxMillis);
        }

        /** Most waits this configuration can make: attempts - 1, fewer for a short custom sequence. */
        int maxWaits() {
            int waits = maxAttempts - 1;
            return sequenceMillis == null ? waits : Math.min(waits, sequenceMillis.size());
        }
    }

    @Provide
    Arbitrary<Config> configs() {
        return Builders.withBuilder(() -> new Object[9])
                .use(Arbitraries.of(BackoffType.class)).in((a, v) -> set(a, 0, v))
                .use(Arbitraries.longs().between(0, 10_000)).in((a, v) -> set(a, 1, v))
                .use(Arbitraries.longs().between(0, 20_000)).in((a, v) -> set(a, 2, v))
                .use(Arbitraries.doubles().between(1.0, 12.0)).in((a, v) -> set(a, 3, v))
                .use(Arbitraries.longs().between(0, 5_000)).in((a, v) -> set(a, 4, v))
                .use(Arbitraries.doubles().between(0.0, 1.0)).in((a, v) -> set(a, 5, v))
                .use(Arbitraries.integers().between(1, 25)).in((a, v) -> set(a, 6, v))
                .use(Arbitraries.longs().between(1, 60_000).injectNull(0.4)).in((a, v) -> set(a, 7, v))
                .use(Arbitraries.longs().between(0, 100_000).list().ofMaxSize(12).injectNull(0.7))
                .in((a, v) -> set(a, 8, v))
                .build(a -> new Config((BackoffType) a[0], (Long) a[1], (Long) a[2], (Double) a[3], (Long) a[4],
                        (Double) a[5], (Integer) a[6], (Long) a[7], castList(a[8])));
    }

    private static Object[] set(Object[] array, int index, Object value) {
        array[index] = value;
        return array;
    }

    @SuppressWarnings("unchecked")
    private static List<Long> castList(Object value) {
        return (List<Long>) value;
    }

    @Property(tries = 500)
    void everyDelayLiesBetweenZeroAndMaxDelay(@ForAll("configs") Config config,
            @ForAll @IntRange(min = 1, max = 2_000) int retry) {
        long delay = config.builder("p").build().backoff().delayNanos(retry);
        if (delay == Backoff.EXHAUSTED) {
            assertThat(config.sequenceMillis()).isNotNull().hasSizeLessThan(retry);
        } else {
            assertThat(delay).isBetween(0L, config.maxDelay().toNanos());
        }
    }

    @Property(tries = 500)
    void waitsStayWithinMaxDelayAttemptsAndBudget(@ForAll("configs") Config config,
            @ForAll("attemptDurations") List<Long> attemptMillis) {
        FakeTicker ticker = new FakeTicker();
        long start = ticker.read();
        List<Duration> waits = new ArrayList<>();
        List<Long> waitEnds = new ArrayList<>();
        Sleeper sleeper = duration -> {
            waits.add(duration);
            ticker.advance(duration);
            waitEnds.add(ticker.read());
        };
        AtomicInteger attempts = new AtomicInteger();
        IOException failure = new IOException("down");
        BackoffRetry retry = config.builder("p").ticker(ticker).sleeper(sleeper).build();

        assertThatThrownBy(() -> retry.call(() -> {
            int attempt = attempts.getAndIncrement();
            ticker.advanceMillis(attemptMillis.get(attempt % attemptMillis.size()));
            throw failure;
        })).isSameAs(failure);

        assertThat(waits).hasSizeLessThanOrEqualTo(config.maxWaits());
        assertThat(waits).allSatisfy(w -> assertThat(w).isBetween(Duration.ZERO, config.maxDelay()));
        if (config.budgetMillis() != null) {
            long deadline = start + Duration.ofMillis(config.budgetMillis()).toNanos();
            assertThat(waitEnds).allSatisfy(end -> assertThat(end).isLessThanOrEqualTo(deadline));
        } else {
            assertThat(waits).hasSize(config.maxWaits()); // nothing else may stop it early
        }
        assertThat(attempts.get()).isEqualTo(waits.size() + 1);
        RetryStats stats = retry.stats();
        assertThat(stats.attempts()).isEqualTo(attempts.get());
        assertThat(stats.calls()).isEqualTo(1);
        assertThat(waits.isEmpty() ? stats.failureWithoutRetry() : stats.failureWithRetry()).isEqualTo(1);
    }

    @Property(tries = 300)
    void asyncWaitsFollowTheSameRules(@ForAll("configs") Config config,
            @ForAll("attemptDurations") List<Long> attemptMillis) throws Exception {
        FakeTicker ticker = new FakeTicker();
        FakeScheduler scheduler = new FakeScheduler(ticker);
        long start = ticker.read();
        List<Long> waitEnds = new ArrayList<>();
        AtomicInteger attempts = new AtomicInteger();
        IOException failure = new IOException("down");
        BackoffRetry retry = config.builder("p").ticker(ticker).scheduler(scheduler).executor(Runnable::run).build();

        CompletableFuture<String> result = retry.callAsync(() -> {
            int attempt = attempts.getAndIncrement();
            if (attempt > 0) {
                waitEnds.add(ticker.read()); // started by the timer: the wait just ended
            }
            ticker.advanceMillis(attemptMillis.get(attempt % attemptMillis.size()));
            return CompletableFuture.failedFuture(failure);
        });
        scheduler.runAll();

        assertThat(result).isCompletedExceptionally();
        assertThatThrownBy(result::get).isInstanceOf(ExecutionException.class).cause().isSameAs(failure);
        List<Duration> waits = scheduler.requestedDelays();
        assertThat(waits).hasSizeLessThanOrEqualTo(config.maxWaits());
        assertThat(waits).allSatisfy(w -> assertThat(w).isBetween(Duration.ZERO, config.maxDelay()));
        if (config.budgetMillis() != null) {
            long deadline = start + Duration.ofMillis(config.budgetMillis()).toNanos();
            assertThat(waitEnds).allSatisfy(end -> assertThat(end).isLessThanOrEqualTo(deadline));
        } else {
            assertThat(waits).hasSize(config.maxWaits());
        }
        assertThat(attempts.get()).isEqualTo(waits.size() + 1);
        assertThat(retry.stats().attempts()).isEqualTo(attempts.get());
        assertThat(scheduler.pending()).isZero();
    }

    @Provide
    Arbitrary<List<Long>> attemptDurations() {
        return Arbitraries.longs().between(0, 5_000).list().ofMinSize(1).ofMaxSize(5);
    }
}
