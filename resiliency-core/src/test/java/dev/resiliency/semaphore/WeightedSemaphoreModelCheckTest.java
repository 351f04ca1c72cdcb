package dev.resiliency.semaphore;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.lincheck.Lincheck;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Model checks of the blocking and async paths of {@link WeightedSemaphore}: Lincheck runs each scenario under
 * every thread interleaving it explores (parks, unparks and interrupts included) and the assertions at the end must
 * hold in all of them. Plain checks, not AssertJ: Lincheck instruments what runs inside the scenario.
 */
@Tag("lincheck") // runs in its own JVM, see the surefire executions in pom.xml
class WeightedSemaphoreModelCheckTest {

    /** Interleavings explored per scenario; raise it for a deeper run: {@code -Dlincheck.invocations=2000}. */
    private static final int INVOCATIONS = Integer.getInteger("lincheck.invocations", 100);

    @Test
    void twoCallersThatDoNotFitTogetherBothRunAndGiveEverythingBack() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            WeightedSemaphore semaphore = WeightedSemaphore.builder("mc").max(2).build();
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger ran = new AtomicInteger();
            Runnable caller = () -> acquire(semaphore, 2, () -> {
                check(inside.incrementAndGet() == 1, "both inside at once");
                ran.incrementAndGet();
                inside.decrementAndGet();
            });
            Thread a = new Thread(caller);
            Thread b = new Thread(caller);
            a.start();
            b.start();
            join(a);
            join(b);
            check(ran.get() == 2, "a caller did not run");
            checkIdle(semaphore, 2);
            check(semaphore.stats().permitted() == 2, "permitted count");
        });
    }

    @Test
    void anInterruptRacingTheGrantEitherRunsOrLeavesWithoutPermits() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            WeightedSemaphore semaphore = WeightedSemaphore.builder("mc").max(1).build();
            AtomicInteger ran = new AtomicInteger();
            boolean[] interrupted = new boolean[1];
            Thread holder = new Thread(() -> acquire(semaphore, 1, () -> { }));
            Thread waiter = new Thread(() -> {
                try {
                    semaphore.acquire(1, () -> ran.incrementAndGet());
                } catch (InterruptedException e) {
                    interrupted[0] = true;
                    check(Thread.currentThread().isInterrupted(), "interrupt flag restored");
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            holder.start();
            waiter.start();
            waiter.interrupt();
            join(holder);
            join(waiter);
            check(interrupted[0] ? ran.get() == 0 : ran.get() == 1, "an interrupted waiter must not run");
            checkIdle(semaphore, 1);
        });
    }

    @Test
    void cancellingAQueuedAsyncCallWhileItIsGrantedNeverLeaksItsPermits() {
        Lincheck.runConcurrentTest(INVOCATIONS / 2, () -> { // CompletableFuture internals make each run costly
            WeightedSemaphore semaphore = WeightedSemaphore.builder("mc").max(1).build();
            CompletableFuture<String> holderStage = new CompletableFuture<>();
            CompletableFuture<String> holder = semaphore.acquireAsync(1, () -> holderStage);
            CompletableFuture<String> waiterStage = new CompletableFuture<>();
            AtomicInteger started = new AtomicInteger();
            CompletableFuture<String> waiter = semaphore.acquireAsync(1, () -> {
                started.incrementAndGet();
                return waiterStage;
            });
            Thread releaser = new Thread(() -> holderStage.complete("done"));
            Thread canceller = new Thread(() -> waiter.cancel(true));
            releaser.start();
            canceller.start();
            join(releaser);
            join(canceller);
            check(holder.join().equals("done"), "holder result");
            check(waiter.isCancelled(), "waiter cancelled");
            check(started.get() <= 1, "started twice");
            if (started.get() == 1) {
                // It started before the cancellation reached it: the cancellation is passed on to its stage.
                check(waiterStage.isCancelled(), "the running stage was not cancelled");
            }
            checkIdle(semaphore, 1);
        });
    }

    @Test
    void aReaderSeesAReleaseAndTheGrantsItAllowsAtomically() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            Permits permits = new Permits(3);
            permits.tryAcquire(3);
            Waiter small = new Waiter(1) {
                @Override
                void granted() {
                }
            };
            Waiter large = new Waiter(2) {
                @Override
                void granted() {
                }
            };
            permits.acquireOrEnqueue(small);
            permits.acquireOrEnqueue(large);
            long[] seen = new long[1];
            Thread releaser = new Thread(() -> permits.release(3));
            Thread reader = new Thread(() -> seen[0] = permits.snapshot());
            releaser.start();
            reader.start();
            join(releaser);
            join(reader);
            int used = Permits.used(seen[0]);
            int waiters = Permits.waiters(seen[0]);
            // Before the release: 3 used, 2 queued. After: both waiters granted, 3 used, none queued.
            check(used == 3 && (waiters == 2 || waiters == 0), "torn read: used " + used + ", waiters " + waiters);
        });
    }

    private static void checkIdle(WeightedSemaphore semaphore, int max) {
        WeightedSemaphoreStats stats = semaphore.stats();
        check(stats.used() == 0, "permits leaked: " + stats);
        check(stats.available() == max, "available: " + stats);
        check(stats.queueLength() == 0, "waiter left in the queue: " + stats);
    }

    private static void acquire(WeightedSemaphore semaphore, int weight, Runnable body) {
        try {
            semaphore.acquire(weight, () -> {
                body.run();
                return null;
            });
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
