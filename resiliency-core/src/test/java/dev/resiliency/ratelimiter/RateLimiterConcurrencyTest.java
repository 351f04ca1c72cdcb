package dev.resiliency.ratelimiter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resiliency.RateLimitedException;
import dev.resiliency.testing.FakeSleeper;
import dev.resiliency.testing.FakeTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.RepeatedTest;

/** Real threads hammering one bucket: it never over-grants. */
class RateLimiterConcurrencyTest {

    private static void runOnThreads(int threads, Runnable body) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                body.run();
            });
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join(30_000);
            assertThat(worker.isAlive()).isFalse();
        }
    }

    @RepeatedTest(5)
    void exactlyBurstSizeOf200ConcurrentCallersAreGranted() throws Exception {
        RateLimiter limiter = RateLimiter.builder("api").rate(0.001).burstSize(200).ticker(new FakeTicker()).build();
        LongAdder granted = new LongAdder();
        LongAdder rejected = new LongAdder();

        runOnThreads(200, () -> {
            try {
                limiter.call(() -> {
                    granted.increment();
                    return null;
                });
            } catch (RateLimitedException e) {
                rejected.increment();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });

        assertThat(granted.sum()).isEqualTo(200);
        assertThat(limiter.tryAcquire(1)).isFalse();
    }

    @RepeatedTest(5)
    void neverGrantsMoreThanBurstSizeWhenManyMoreCallersCompete() throws Exception {
        RateLimiter limiter = RateLimiter.builder("api").rate(0.001).burstSize(50).ticker(new FakeTicker()).build();
        LongAdder granted = new LongAdder();

        runOnThreads(8, () -> {
            for (int i = 0; i < 10_000; i++) {
                if (limiter.tryAcquire(1)) {
                    granted.increment();
                }
            }
        });

        assertThat(granted.sum()).isEqualTo(50);
        assertThat(limiter.stats().permitted()).isEqualTo(50);
        assertThat(limiter.stats().rejected()).isEqualTo(80_000 - 50);
    }

    @RepeatedTest(3)
    void neverGrantsMoreThanBurstPlusRateTimesElapsedOnAMovingFakeClock() throws Exception {
        FakeTicker ticker = new FakeTicker();
        RateLimiter limiter = RateLimiter.builder("api").rate(1000.0).burstSize(10).ticker(ticker).build();
        LongAdder tokens = new LongAdder();
        long start = ticker.read();
        long end = start + 1_000_000_000L;

        // Thread 0 is the clock (1 s in 50 µs steps); the others take tokens of weight 1-3 until it stops.
        AtomicBoolean running = new AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicInteger ids = new java.util.concurrent.atomic.AtomicInteger();
        runOnThreads(8, () -> {
            if (ids.getAndIncrement() == 0) {
                while (ticker.read() < end) {
                    ticker.advance(Duration.ofNanos(50_000));
                    Thread.yield();
                }
                running.set(false);
                return;
            }
            while (running.get()) {
                int weight = ThreadLocalRandom.current().nextInt(1, 4);
                if (limiter.tryAcquire(weight)) {
                    tokens.add(weight);
                }
                Thread.yield(); // give the clock its turn on a small machine
            }
        });

        assertThat(ticker.read() - start).isEqualTo(1_000_000_000L);
        assertThat(tokens.sum()).isLessThanOrEqualTo(10 + 1000);
        assertThat(tokens.sum()).as("the bucket was actually used").isGreaterThan(10);
    }

    @RepeatedTest(3)
    void neverGrantsMoreThanBurstPlusRateTimesElapsedOnTheRealClock() throws Exception {
        long start = System.nanoTime();
        RateLimiter limiter = RateLimiter.builder("api").rate(20_000.0).burstSize(5).build();
        LongAdder tokens = new LongAdder();
        long[] end = new long[1];

        runOnThreads(8, () -> {
            long until = System.nanoTime() + 100_000_000L;
            while (System.nanoTime() < until) {
                if (limiter.tryAcquire(1)) {
                    tokens.increment();
                }
            }
        });
        end[0] = System.nanoTime();

        double bound = 5 + 20_000.0 * (end[0] - start) / 1e9;
        assertThat((double) tokens.sum()).isLessThanOrEqualTo(bound).isGreaterThan(5.0);
    }

    @RepeatedTest(3)
    void waitingCallersReserveExactlyTheTokensThatWillExist() throws Exception {
        FakeTicker ticker = new FakeTicker(); // stands still: every reservation is future time
        FakeSleeper sleeper = new FakeSleeper();
        RateLimiter limiter = RateLimiter.builder("api").rate(100.0).burstSize(10).maxWait(Duration.ofSeconds(1))
                .ticker(ticker).sleeper(sleeper).build();
        LongAdder granted = new LongAdder();

        runOnThreads(8, () -> {
            for (int i = 0; i < 1_000; i++) {
                try {
                    limiter.call(() -> {
                        granted.increment();
                        return null;
                    });
                } catch (RateLimitedException e) {
                    // expected once the second of reservations is full
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        });

        // 10 now plus 100 per second for the 1 s a caller may wait.
        assertThat(granted.sum()).isEqualTo(110);
        assertThat(sleeper.sleeps()).hasSize(100);
        assertThat(sleeper.sleeps()).allSatisfy(d -> assertThat(d).isBetween(Duration.ofMillis(10), Duration.ofSeconds(1)));
    }
}
