package dev.resiliency.singleflight;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.lincheck.Lincheck;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Model checks of {@link SingleFlight}: each scenario runs under the thread interleavings Lincheck explores, and the
 * checks at the end must hold in every one. Plain checks, not AssertJ: Lincheck instruments what runs inside.
 */
@Tag("lincheck") // runs in its own JVM, see the surefire executions in pom.xml
class SingleFlightModelCheckTest {

    /** Interleavings explored per scenario; raise it for a deeper run: {@code -Dlincheck.invocations=2000}. */
    private static final int INVOCATIONS = Integer.getInteger("lincheck.invocations", 100);

    @Test
    void twoCallersShareOneExecutionOrRunOneAfterTheOther() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            SingleFlight flight = SingleFlight.builder("mc").build();
            AtomicInteger executions = new AtomicInteger();
            int[] results = new int[2];
            Thread a = new Thread(() -> results[0] = call(flight, executions::incrementAndGet));
            Thread b = new Thread(() -> results[1] = call(flight, executions::incrementAndGet));
            a.start();
            b.start();
            join(a);
            join(b);
            int runs = executions.get();
            check(runs == 1 ? results[0] == 1 && results[1] == 1 : results[0] + results[1] == 3, "results");
            SingleFlightStats stats = flight.stats();
            check(stats.inFlight() == 0, "key left in flight");
            check(stats.leaderCalls() == runs, "one leader per execution");
            check(stats.leaderCalls() + stats.sharedCalls() == 2, "every call counted once");
        });
    }

    @Test
    void aSharedFailureReachesEveryCallerAsTheSameInstance() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            SingleFlight flight = SingleFlight.builder("mc").build();
            AtomicInteger executions = new AtomicInteger();
            Throwable[] failures = new Throwable[2];
            java.util.concurrent.Callable<Integer> failing = () -> {
                throw new IllegalStateException("failure " + executions.incrementAndGet());
            };
            Thread a = new Thread(() -> failures[0] = failure(flight, failing));
            Thread b = new Thread(() -> failures[1] = failure(flight, failing));
            a.start();
            b.start();
            join(a);
            join(b);
            check(failures[0] != null && failures[1] != null, "both callers must fail");
            check((executions.get() == 1) == (failures[0] == failures[1]), "shared iff one execution");
            check(flight.inFlight() == 0, "key left in flight");
        });
    }

    @Test
    void forgetRacingCallersNeverLosesAFlightNorLeavesAKeyBehind() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            SingleFlight flight = SingleFlight.builder("mc").build();
            AtomicInteger executions = new AtomicInteger();
            int[] results = new int[2];
            Thread a = new Thread(() -> results[0] = call(flight, executions::incrementAndGet));
            Thread b = new Thread(() -> {
                flight.forget("key");
                results[1] = call(flight, executions::incrementAndGet);
            });
            a.start();
            b.start();
            join(a);
            join(b);
            int runs = executions.get();
            check(results[0] >= 1 && results[0] <= runs && results[1] >= 1 && results[1] <= runs, "results");
            check(flight.inFlight() == 0, "key left in flight");
            SingleFlightStats stats = flight.stats();
            check(stats.leaderCalls() == runs && stats.leaderCalls() + stats.sharedCalls() == 2, "stats " + stats);
        });
    }

    @Test
    void asyncAndBlockingCallersShareOneFlight() {
        Lincheck.runConcurrentTest(INVOCATIONS / 2, () -> { // CompletableFuture internals make each run costly
            SingleFlight flight = SingleFlight.builder("mc").build();
            AtomicInteger executions = new AtomicInteger();
            int[] results = new int[2];
            Thread a = new Thread(() -> results[0] = flight.callAsync("key",
                    () -> CompletableFuture.completedFuture(executions.incrementAndGet())).join());
            Thread b = new Thread(() -> results[1] = call(flight, executions::incrementAndGet));
            a.start();
            b.start();
            join(a);
            join(b);
            int runs = executions.get();
            check(runs == 1 ? results[0] == 1 && results[1] == 1 : results[0] + results[1] == 3, "results");
            check(flight.inFlight() == 0, "key left in flight");
        });
    }

    private static int call(SingleFlight flight, java.util.concurrent.Callable<Integer> callable) {
        try {
            return flight.call("key", callable);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Throwable failure(SingleFlight flight, java.util.concurrent.Callable<Integer> callable) {
        try {
            flight.call("key", callable);
            return null;
        } catch (Exception e) {
            return e;
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
