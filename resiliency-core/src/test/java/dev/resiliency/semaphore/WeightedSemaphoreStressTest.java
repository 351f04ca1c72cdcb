package dev.resiliency.semaphore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resiliency.ResiliencyTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Races the model checks cannot reach with real time: a blocking waiter's timeout or interrupt landing at the very
 * moment its permits are granted, an async cancellation against the grant, on real threads, thousands of times,
 * with a random spin before each side so the two meet at varied points. After each round: the waiter either ran
 * or gave up (never both, never neither), and nothing is held or queued.
 */
class WeightedSemaphoreStressTest {

    private static final int ROUNDS = 1_000;

    @Test
    void aTimeoutRacingTheGrantEitherRunsOrTimesOutAndNeverLeaks() throws Exception {
        WeightedSemaphore semaphore = WeightedSemaphore.builder("stress").max(1).build();
        AtomicInteger ran = new AtomicInteger();
        int timedOut = 0;
        try (Threads threads = new Threads()) {
            for (int round = 0; round < ROUNDS; round++) {
                CountDownLatch release = new CountDownLatch(1);
                Future<String> holder = threads.hold(semaphore, 1, release);
                long timeoutNanos = ThreadLocalRandom.current().nextLong(1_000, 200_000);
                CyclicBarrier go = new CyclicBarrier(2);
                Future<String> waiter = threads.start(() -> {
                    go.await();
                    return semaphore.acquire(1, () -> {
                        ran.incrementAndGet();
                        return "ran";
                    }, Duration.ofNanos(timeoutNanos));
                });
                go.await();
                spin();
                release.countDown();
                holder.get(10, TimeUnit.SECONDS);
                try {
                    assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo("ran");
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(ResiliencyTimeoutException.class);
                    timedOut++;
                }
                assertIdle(semaphore);
            }
        }
        assertThat(ran.get() + timedOut).isEqualTo(ROUNDS);
        assertThat(semaphore.stats().timedOut()).isEqualTo(timedOut);
        assertThat(semaphore.stats().permitted()).isEqualTo(ROUNDS + ran.get()); // holders + waiters that ran
    }

    @Test
    void anInterruptRacingTheGrantEitherRunsOrThrowsAndNeverLeaks() throws Exception {
        WeightedSemaphore semaphore = WeightedSemaphore.builder("stress").max(2).build();
        AtomicInteger ran = new AtomicInteger();
        int interrupted = 0;
        try (Threads threads = new Threads()) {
            for (int round = 0; round < ROUNDS; round++) {
                CountDownLatch release = new CountDownLatch(1);
                Future<String> holder = threads.hold(semaphore, 2, release);
                Thread[] waiterThread = new Thread[1];
                CountDownLatch started = new CountDownLatch(1);
                Future<String> waiter = threads.start(() -> {
                    waiterThread[0] = Thread.currentThread();
                    started.countDown();
                    try {
                        return semaphore.acquire(2, () -> {
                            ran.incrementAndGet();
                            return "ran";
                        });
                    } finally {
                        Thread.interrupted(); // do not hand a pending interrupt to the pool's next task
                    }
                });
                started.await();
                spin();
                release.countDown();
                spin();
                waiterThread[0].interrupt();
                holder.get(10, TimeUnit.SECONDS);
                try {
                    assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo("ran");
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(InterruptedException.class);
                    interrupted++;
                }
                assertIdle(semaphore);
            }
        }
        assertThat(ran.get() + interrupted).isEqualTo(ROUNDS);
    }

    @Test
    void anAsyncCancellationRacingTheGrantNeverLeaks() throws Exception {
        WeightedSemaphore semaphore = WeightedSemaphore.builder("stress").max(3).build();
        int started = 0;
        try (Threads threads = new Threads()) {
            for (int round = 0; round < ROUNDS; round++) {
                CompletableFuture<String> holderStage = new CompletableFuture<>();
                semaphore.acquireAsync(3, () -> holderStage);
                CompletableFuture<String> waiterStage = new CompletableFuture<>();
                AtomicInteger supplierCalls = new AtomicInteger();
                CompletableFuture<String> waiter = semaphore.acquireAsync(2, () -> {
                    supplierCalls.incrementAndGet();
                    return waiterStage;
                });
                CyclicBarrier go = new CyclicBarrier(2);
                Future<?> canceller = threads.start(() -> {
                    go.await();
                    spin();
                    return waiter.cancel(true);
                });
                go.await();
                spin();
                holderStage.complete("done");
                canceller.get(10, TimeUnit.SECONDS);
                assertThat(supplierCalls.get()).isLessThanOrEqualTo(1);
                if (supplierCalls.get() == 1) {
                    started++;
                    assertThat(waiterStage).isCancelled(); // the cancellation was passed on to the running stage
                }
                assertIdle(semaphore);
            }
        }
        assertThat(semaphore.stats().permitted()).isEqualTo(ROUNDS + started);
    }

    private static void assertIdle(WeightedSemaphore semaphore) {
        Threads.until(() -> semaphore.current() == 0); // the holder's release may still be on its way out
        assertThat(semaphore.queueLength()).isZero();
        assertThat(semaphore.available()).isEqualTo(semaphore.max());
    }

    /** Busy-waits a random short while, so that the two sides of a race meet at varied points. */
    private static void spin() {
        int spins = ThreadLocalRandom.current().nextInt(2_000);
        for (int i = 0; i < spins; i++) {
            Thread.onSpinWait();
        }
    }
}
