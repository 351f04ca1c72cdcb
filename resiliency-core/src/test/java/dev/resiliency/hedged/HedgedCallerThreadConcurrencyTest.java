package dev.resiliency.hedged;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resiliency.DefaultExecutors;
import dev.resiliency.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code primaryOnCallerThread} on real threads and timers, repeated: the interrupt that stops a losing primary
 * never outlives its call, however the primary and the hedge race, and the stats add up.
 */
class HedgedCallerThreadConcurrencyTest {

    private static final int CALLS = 1_000;

    private static Hedged.Builder onCaller(Duration delay) {
        return Hedged.builder("caller").delay(delay).primaryOnCallerThread(true);
    }

    @Test
    void noInterruptLeaksAfterAHedgeWinsRepeatedly() throws Exception {
        Hedged hedged = onCaller(Duration.ofNanos(200_000)).build();

        for (int i = 0; i < CALLS; i++) {
            Copies copies = new Copies();
            String result = hedged.call(copies.byThread(primary -> copies.hang(), hedge -> "hedge"));

            assertThat(result).isEqualTo("hedge");
            assertThat(Thread.interrupted()).as("call %d leaked an interrupt", i).isFalse();
        }
        assertThat(hedged.stats().totalRequests()).isEqualTo(CALLS);
        assertThat(hedged.stats().hedgeWon()).isEqualTo(CALLS);
    }

    @Test
    void noInterruptLeaksWhenThePrimaryAndTheHedgeFinishTogether() throws Exception {
        // The primary ends around the hedge delay, sometimes ignoring interrupts (a busy spin), sometimes in an
        // interruptible wait, so the caller's CAS, the timer's takeover and the interrupt race in every order.
        Hedged hedged = onCaller(Duration.ofNanos(100_000)).build();
        int hedgeWins = 0;

        for (int i = 0; i < CALLS; i++) {
            long primaryNanos = ThreadLocalRandom.current().nextLong(300_000);
            boolean interruptible = i % 2 == 0;
            Copies copies = new Copies();
            String result = hedged.call(copies.byThread(primary -> {
                if (interruptible) {
                    new CountDownLatch(1).await(primaryNanos, TimeUnit.NANOSECONDS);
                } else {
                    long until = System.nanoTime() + primaryNanos;
                    while (System.nanoTime() - until < 0) {
                        Thread.onSpinWait();
                    }
                }
                return "primary";
            }, hedge -> "hedge"));

            assertThat(result).isIn("primary", "hedge");
            assertThat(Thread.interrupted()).as("call %d leaked an interrupt", i).isFalse();
            if (result.equals("hedge")) {
                hedgeWins++;
            }
        }
        assertThat(hedged.stats().totalRequests()).isEqualTo(CALLS);
        assertThat(hedged.stats().hedgeWon()).isEqualTo(hedgeWins);
    }

    @Test
    void concurrentCallersAddUpAndNothingLeaks() throws Exception {
        Hedged hedged = onCaller(Duration.ofNanos(500_000)).build();
        int threads = 8;
        int perThread = 250;
        AtomicInteger hedgeResults = new AtomicInteger();
        AtomicInteger leaks = new AtomicInteger();
        AtomicInteger wrong = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        boolean hang = ThreadLocalRandom.current().nextInt(10) == 0;
                        Copies copies = new Copies();
                        String result = hedged.call(copies.byThread(
                                primary -> hang ? copies.hang() : "primary", hedge -> "hedge"));
                        // A fast primary may still lose if its thread is descheduled past the delay.
                        if (result.equals("hedge")) {
                            hedgeResults.incrementAndGet();
                        } else if (hang || !result.equals("primary")) {
                            wrong.incrementAndGet();
                        }
                        if (Thread.interrupted()) {
                            leaks.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(leaks).hasValue(0);
        assertThat(wrong).hasValue(0);
        HedgedStats stats = hedged.stats();
        assertThat(stats.totalRequests()).isEqualTo((long) threads * perThread);
        assertThat(stats.hedgeWon()).isEqualTo(hedgeResults.get());
    }

    @Test
    void fastSequentialCallsShareOneTimerInsteadOfSchedulingOnePerCall() throws Exception {
        AtomicInteger scheduled = new AtomicInteger();
        Scheduler real = DefaultExecutors.scheduler();
        Scheduler counting = (task, delay) -> {
            scheduled.incrementAndGet();
            return real.schedule(task, delay);
        };
        Hedged hedged = onCaller(Duration.ofSeconds(1)).scheduler(counting).build();
        long start = System.nanoTime();

        for (int i = 0; i < 10_000; i++) {
            hedged.call(() -> "fast");
        }

        // One alarm per hedge delay at most: the first call arms it, the later ones need it no earlier.
        long elapsedSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertThat(scheduled.get()).isBetween(1, 1 + (int) elapsedSeconds);
        assertThat(hedged.stats().totalRequests()).isEqualTo(10_000);
    }
}
