package dev.resiliency.bulkhead;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.lincheck.Lincheck;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Model checks of the bulkhead's blocking and async paths: each scenario runs under the thread interleavings
 * Lincheck explores, and the checks at the end must hold in every one. Plain checks, not AssertJ: Lincheck
 * instruments what runs inside the scenario.
 */
@Tag("lincheck") // runs in its own JVM, see the surefire executions in pom.xml
class BulkheadModelCheckTest {

    /** Interleavings explored per scenario; raise it for a deeper run: {@code -Dlincheck.invocations=2000}. */
    private static final int INVOCATIONS = Integer.getInteger("lincheck.invocations", 100);

    @Test
    void anInterruptRacingTheHandOverEitherRunsOrLeavesWithoutThePermit() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            Bulkhead bulkhead = Bulkhead.builder("mc").maxConcurrent(1).maxWait(Bulkhead.WAIT_FOREVER).build();
            AtomicInteger ran = new AtomicInteger();
            boolean[] interrupted = new boolean[1];
            Thread holder = new Thread(() -> call(bulkhead, () -> { }));
            Thread waiter = new Thread(() -> {
                try {
                    bulkhead.call(() -> ran.incrementAndGet());
                } catch (InterruptedException e) {
                    interrupted[0] = true;
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
            checkIdle(bulkhead);
        });
    }

    @Test
    void cancellingAQueuedAsyncCallWhileThePermitIsHandedOverNeverLeaksIt() {
        Lincheck.runConcurrentTest(INVOCATIONS / 2, () -> { // CompletableFuture internals make each run costly
            Bulkhead bulkhead = Bulkhead.builder("mc").maxConcurrent(1).maxWait(Bulkhead.WAIT_FOREVER).build();
            CompletableFuture<String> holderStage = new CompletableFuture<>();
            bulkhead.callAsync(() -> holderStage);
            CompletableFuture<String> waiterStage = new CompletableFuture<>();
            AtomicInteger started = new AtomicInteger();
            CompletableFuture<String> waiter = bulkhead.callAsync(() -> {
                started.incrementAndGet();
                return waiterStage;
            });
            Thread releaser = new Thread(() -> holderStage.complete("done"));
            Thread canceller = new Thread(() -> waiter.cancel(true));
            releaser.start();
            canceller.start();
            join(releaser);
            join(canceller);
            check(waiter.isCancelled(), "waiter cancelled");
            check(started.get() <= 1, "started twice");
            if (started.get() == 1) {
                check(waiterStage.isCancelled(), "the running stage was not cancelled");
            }
            checkIdle(bulkhead);
        });
    }

    @Test
    void aResetRacingAReleaseLeavesTheBulkheadEmptyAndUsable() {
        Lincheck.runConcurrentTest(INVOCATIONS / 2, () -> {
            Bulkhead bulkhead = Bulkhead.builder("mc").maxConcurrent(1).build();
            Thread caller = new Thread(() -> {
                try {
                    bulkhead.call(() -> "x");
                } catch (dev.resiliency.BulkheadFullException rejectedByTheReset) {
                    // fine: the reset may land first
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            Thread resetter = new Thread(bulkhead::reset);
            caller.start();
            resetter.start();
            join(caller);
            join(resetter);
            checkIdle(bulkhead);
            call(bulkhead, () -> { }); // still admits
            checkIdle(bulkhead);
        });
    }

    private static void checkIdle(Bulkhead bulkhead) {
        BulkheadStats stats = bulkhead.stats();
        check(stats.active() == 0, "permit leaked: " + stats);
        check(stats.waiting() == 0, "waiter left behind: " + stats);
    }

    private static void call(Bulkhead bulkhead, Runnable body) {
        try {
            bulkhead.call(() -> {
                body.run();
                return null;
            }, Bulkhead.WAIT_FOREVER);
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
