package dev.resiliency.singleflight;

import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.lincheck.Lincheck;
import org.junit.jupiter.api.Test;

class SingleFlightModelCheckTest {

    @Test
    void twoCallersShareOrRunTwice() {
        Lincheck.runConcurrentTest(200, () -> {
            SingleFlight flight = SingleFlight.builder("mc").build();
            AtomicInteger executions = new AtomicInteger();
            int[] results = new int[2];
            Thread a = new Thread(() -> results[0] = callQuietly(flight, executions));
            Thread b = new Thread(() -> results[1] = callQuietly(flight, executions));
            a.start();
            b.start();
            join(a);
            join(b);
            int runs = executions.get();
            check(runs == 1 ? results[0] == 1 && results[1] == 1 : results[0] + results[1] == 3, "results");
            SingleFlightStats stats = flight.stats();
            check(stats.inFlight() == 0, "in flight");
            check(stats.leaderCalls() == runs, "leaders");
            check(stats.leaderCalls() + stats.sharedCalls() == 2, "calls");
        });
    }

    static int callQuietly(SingleFlight flight, AtomicInteger executions) {
        try {
            return flight.call("key", executions::incrementAndGet);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }

    static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
