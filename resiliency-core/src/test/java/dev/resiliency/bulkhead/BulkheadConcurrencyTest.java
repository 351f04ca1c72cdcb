package dev.resiliency.bulkhead;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resiliency.BulkheadFullException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** Real threads, no fake time: the counters add up exactly and the limit holds at every instant. */
class BulkheadConcurrencyTest {

    private static final int THREADS = 8;
    private static final int CALLS = 10_000;

    /** Tracks how many calls are inside at once. */
    private static final class Occupancy {
        final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger highWater = new AtomicInteger();
        final LongAdder ran = new LongAdder();

        Object enter() {
            int now = inside.incrementAndGet();
            highWater.accumulateAndGet(now, Math::max);
            ran.increment();
            Thread.yield(); // let other threads in while this one holds a permit: real contention
            inside.decrementAndGet();
            return null;
        }
    }

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

    @RepeatedTest(3)
    void waitingCallersAreAllServedAndNeverMoreThanMaxRunAtOnce() throws Exception {
        Bulkhead bulkhead = Bulkhead.builder("b").maxConcurrent(3).maxWait(Bulkhead.WAIT_FOREVER).build();
        Occupancy occupancy = new Occupancy();
        LongAdder failures = new LongAdder();

        runOnThreads(THREADS, () -> {
            for (int i = 0; i < CALLS; i++) {
                try {
                    bulkhead.call(occupancy::enter);
                } catch (Exception e) {
                    failures.increment();
                }
            }
        });

        assertThat(failures.sum()).isZero();
        assertThat(occupancy.highWater.get()).isBetween(1, 3);
        assertThat(occupancy.ran.sum()).isEqualTo((long) THREADS * CALLS);
        assertThat(bulkhead.stats()).isEqualTo(new BulkheadStats(3, 0, 3, 0, (long) THREADS * CALLS, 0));
    }

    @RepeatedTest(3)
    void rejectingCallersAddUpExactly() throws Exception {
        Bulkhead bulkhead = Bulkhead.builder("b").maxConcurrent(2).build();
        Occupancy occupancy = new Occupancy();
        LongAdder rejected = new LongAdder();

        runOnThreads(THREADS, () -> {
            for (int i = 0; i < CALLS; i++) {
                try {
                    bulkhead.call(occupancy::enter);
                } catch (BulkheadFullException e) {
                    rejected.increment();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        });

        BulkheadStats stats = bulkhead.stats();
        assertThat(occupancy.highWater.get()).isLessThanOrEqualTo(2);
        assertThat(stats.permitted()).isEqualTo(occupancy.ran.sum());
        assertThat(stats.rejected()).isEqualTo(rejected.sum());
        assertThat(stats.permitted() + stats.rejected()).isEqualTo((long) THREADS * CALLS);
        assertThat(stats.rejected()).as("the test did create contention").isPositive();
        assertThat(stats.active()).isZero();
        assertThat(stats.waiting()).isZero();
    }

    @RepeatedTest(3)
    void shortWaitsThatTimeOutNeverLeakAPermit() throws Exception {
        Bulkhead bulkhead = Bulkhead.builder("b").maxConcurrent(2).maxWait(Duration.ofNanos(20_000)).build();
        Occupancy occupancy = new Occupancy();
        LongAdder rejected = new LongAdder();

        runOnThreads(THREADS, () -> {
            for (int i = 0; i < CALLS / 4; i++) {
                try {
                    bulkhead.call(occupancy::enter);
                } catch (BulkheadFullException e) {
                    rejected.increment();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        });

        BulkheadStats stats = bulkhead.stats();
        assertThat(occupancy.highWater.get()).isLessThanOrEqualTo(2);
        assertThat(stats.permitted()).isEqualTo(occupancy.ran.sum());
        assertThat(stats.permitted() + stats.rejected()).isEqualTo((long) THREADS * CALLS / 4);
        assertThat(stats.rejected()).isEqualTo(rejected.sum());
        assertThat(stats.active()).isZero();
        assertThat(stats.waiting()).isZero();
        assertThat(bulkhead.call(() -> "still works")).isEqualTo("still works");
    }

    @RepeatedTest(3)
    void interruptedWaitersNeverLeakAPermit() throws Exception {
        Bulkhead bulkhead = Bulkhead.builder("b").maxConcurrent(2).maxWait(Bulkhead.WAIT_FOREVER).build();
        Occupancy occupancy = new Occupancy();
        LongAdder interrupted = new LongAdder();
        List<Thread> workers = new ArrayList<>();
        AtomicLong completed = new AtomicLong();
        for (int t = 0; t < THREADS; t++) {
            Thread worker = new Thread(() -> {
                for (int i = 0; i < 2_000; i++) {
                    try {
                        bulkhead.call(occupancy::enter);
                        completed.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.interrupted(); // the flag was restored: clear it and carry on
                        interrupted.increment();
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }
            });
            workers.add(worker);
            worker.start();
        }
        Thread interrupter = new Thread(() -> {
            int i = 0;
            while (workers.stream().anyMatch(Thread::isAlive)) {
                workers.get(i++ % THREADS).interrupt();
                Thread.yield();
            }
        });
        interrupter.start();
        for (Thread worker : workers) {
            worker.join(30_000);
        }
        interrupter.join(30_000);

        BulkheadStats stats = bulkhead.stats();
        assertThat(occupancy.highWater.get()).isLessThanOrEqualTo(2);
        assertThat(completed.get() + interrupted.sum()).isEqualTo(THREADS * 2_000L);
        assertThat(stats.permitted()).isEqualTo(occupancy.ran.sum()).isEqualTo(completed.get());
        assertThat(stats.active()).isZero();
        assertThat(stats.waiting()).isZero();
    }

    @Test
    void asyncCallsCompletedOnOtherThreadsAddUpExactly() throws Exception {
        Bulkhead bulkhead = Bulkhead.builder("b").maxConcurrent(3).maxWait(Bulkhead.WAIT_FOREVER).build();
        Occupancy occupancy = new Occupancy();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<CompletableFuture<Object>> results = new java.util.concurrent.CopyOnWriteArrayList<>();
        try {
            runOnThreads(THREADS, () -> {
                for (int i = 0; i < CALLS / 4; i++) {
                    results.add(bulkhead.callAsync(() -> CompletableFuture.supplyAsync(occupancy::enter, pool)));
                }
            });
            CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        assertThat(occupancy.highWater.get()).isLessThanOrEqualTo(3);
        assertThat(bulkhead.stats()).isEqualTo(new BulkheadStats(3, 0, 3, 0, (long) THREADS * CALLS / 4, 0));
    }
}
