package dev.resiliency.semaphore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resiliency.ResiliencyTimeoutException;
import dev.resiliency.SemaphoreRejectedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.RepeatedTest;

/** Real threads hammering one semaphore: the permits in use never exceed max, and everything adds up after. */
class WeightedSemaphoreConcurrencyTest {

    private static final int THREADS = 8;
    private static final int MAX = 10;

    private final AtomicInteger inUse = new AtomicInteger();
    private final AtomicInteger highWater = new AtomicInteger();

    private Object hold(int weight) {
        int now = inUse.addAndGet(weight);
        highWater.accumulateAndGet(now, Math::max);
        Thread.onSpinWait();
        inUse.addAndGet(-weight);
        return null;
    }

    @RepeatedTest(2)
    void blockingCallersWithRandomWeightsNeverExceedMax() throws Exception {
        WeightedSemaphore semaphore = WeightedSemaphore.builder("ws").max(MAX).build();
        int callsPerThread = 10_000;
        runOnThreads(() -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < callsPerThread; i++) {
                int weight = 1 + random.nextInt(MAX);
                semaphore.acquire(weight, () -> hold(weight));
            }
            return null;
        });
        assertThat(highWater.get()).isBetween(1, MAX);
        assertThat(semaphore.stats()).isEqualTo(
                new WeightedSemaphoreStats(MAX, 0, MAX, 0, THREADS * (long) callsPerThread, 0, 0));
    }

    @RepeatedTest(2)
    void mixedEntryPointsAddUpAndLeaveNothingBehind() throws Exception {
        WeightedSemaphore semaphore = WeightedSemaphore.builder("ws").max(MAX).build();
        int callsPerThread = 5_000;
        AtomicLong succeeded = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        AtomicLong timedOut = new AtomicLong();
        runOnThreads(() -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < callsPerThread; i++) {
                int weight = 1 + random.nextInt(MAX);
                try {
                    switch (random.nextInt(4)) {
                        case 0 -> semaphore.acquire(weight, () -> hold(weight));
                        case 1 -> semaphore.acquire(weight, () -> hold(weight), Duration.ofNanos(random.nextInt(50_000)));
                        case 2 -> semaphore.tryAcquire(weight, () -> hold(weight));
                        default -> semaphore.acquireAsync(weight,
                                () -> CompletableFuture.supplyAsync(() -> hold(weight)),
                                Duration.ofNanos(random.nextInt(50_000))).get(10, TimeUnit.SECONDS);
                    }
                    succeeded.incrementAndGet();
                } catch (SemaphoreRejectedException e) {
                    rejected.incrementAndGet();
                } catch (ResiliencyTimeoutException e) {
                    timedOut.incrementAndGet();
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(ResiliencyTimeoutException.class);
                    timedOut.incrementAndGet();
                }
            }
            return null;
        });
        assertThat(highWater.get()).isLessThanOrEqualTo(MAX);
        WeightedSemaphoreStats stats = semaphore.stats();
        assertThat(stats.used()).isZero();
        assertThat(stats.queueLength()).isZero();
        assertThat(stats.permitted()).isEqualTo(succeeded.get());
        assertThat(stats.rejected()).isEqualTo(rejected.get());
        assertThat(stats.timedOut()).isEqualTo(timedOut.get());
        assertThat(stats.permitted() + stats.rejected() + stats.timedOut()).isEqualTo(THREADS * (long) callsPerThread);
    }

    @RepeatedTest(2)
    void interruptsAndCancellationsUnderLoadLeakNoPermit() throws Exception {
        WeightedSemaphore semaphore = WeightedSemaphore.builder("ws").max(MAX).build();
        List<Thread> workers = new ArrayList<>();
        AtomicInteger finished = new AtomicInteger();
        for (int t = 0; t < THREADS; t++) {
            Thread worker = new Thread(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < 2_000; i++) {
                    int weight = 1 + random.nextInt(MAX);
                    try {
                        if (random.nextBoolean()) {
                            semaphore.acquire(weight, () -> hold(weight));
                        } else {
                            CompletableFuture<Object> f = semaphore.acquireAsync(weight,
                                    () -> CompletableFuture.supplyAsync(() -> hold(weight)));
                            if (random.nextInt(3) == 0) {
                                f.cancel(true);
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.interrupted(); // clear, carry on
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }
                finished.incrementAndGet();
            });
            workers.add(worker);
            worker.start();
        }
        while (finished.get() < THREADS) {
            workers.get(ThreadLocalRandom.current().nextInt(THREADS)).interrupt();
            Thread.yield();
        }
        for (Thread worker : workers) {
            worker.join(10_000);
        }
        Threads.until(() -> semaphore.current() == 0 && inUse.get() == 0);
        assertThat(semaphore.queueLength()).isZero();
        assertThat(highWater.get()).isLessThanOrEqualTo(MAX);
    }

    private void runOnThreads(java.util.concurrent.Callable<Void> body) throws Exception {
        CyclicBarrier start = new CyclicBarrier(THREADS);
        try (Threads threads = new Threads()) {
            List<Future<Void>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                futures.add(threads.start(() -> {
                    start.await();
                    return body.call();
                }));
            }
            for (Future<Void> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        }
    }
}
