package dev.resiliency.ratelimiter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resiliency.testing.FakeTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.RepeatedTest;

/**
 * The rate envelope under real concurrency with the clock moving: takers of random weights race each other while
 * another thread advances a fake clock in whole refill intervals. Whatever the interleaving, the tokens granted
 * never exceed {@code burstSize + rate * elapsed}, and once every taker stopped the bucket refills to exactly
 * {@code burstSize}.
 */
class RateLimiterStressTest {

    private static final int BURST = 20;
    private static final double RATE = 1_000.0; // one token per millisecond

    @RepeatedTest(5)
    void grantsNeverExceedBurstPlusRateTimesElapsed() throws Exception {
        FakeTicker ticker = new FakeTicker();
        RateLimiter limiter = RateLimiter.builder("stress").rate(RATE).burstSize(BURST).ticker(ticker).build();
        AtomicLong granted = new AtomicLong();
        int takers = 3;
        int takesEach = 5_000;
        int advances = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(takers + 1);
        try {
            CyclicBarrier go = new CyclicBarrier(takers + 1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < takers; t++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < takesEach; i++) {
                        int weight = ThreadLocalRandom.current().nextInt(1, 4);
                        if (limiter.tryAcquire(weight)) {
                            granted.addAndGet(weight);
                        }
                    }
                    return null;
                }));
            }
            futures.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < advances; i++) {
                    ticker.advance(Duration.ofMillis(1));
                    if (ThreadLocalRandom.current().nextInt(8) == 0) {
                        Thread.yield();
                    }
                }
                return null;
            }));
            for (Future<?> future : futures) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(granted.get()).isLessThanOrEqualTo(BURST + advances);
        ticker.advance(Duration.ofSeconds(1));
        int refilled = 0;
        while (limiter.tryAcquire(1)) {
            refilled++;
        }
        assertThat(refilled).isEqualTo(BURST);
    }
}
