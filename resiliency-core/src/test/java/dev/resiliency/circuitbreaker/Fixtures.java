package dev.resiliency.circuitbreaker;

import dev.resiliency.CircuitOpenException;
import dev.resiliency.circuitbreaker.CircuitBreaker.State;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Small helpers shared by the circuit breaker tests. */
final class Fixtures {

    private Fixtures() {
    }

    static void succeed(CircuitBreaker breaker, int times) throws Exception {
        for (int i = 0; i < times; i++) {
            breaker.call(() -> "ok");
        }
    }

    static void fail(CircuitBreaker breaker, int times) {
        for (int i = 0; i < times; i++) {
            try {
                breaker.call(() -> {
                    throw new IOException("boom");
                });
            } catch (IOException expected) {
                // the failure under test
            } catch (Exception e) {
                throw new AssertionError("unexpected " + e, e);
            }
        }
    }

    /** Calls once and reports whether the breaker rejected the call. */
    static boolean rejects(CircuitBreaker breaker) throws Exception {
        try {
            breaker.call(() -> "ok");
            return false;
        } catch (CircuitOpenException rejected) {
            return true;
        }
    }

    /** A state listener that keeps every transition as "FROM->TO". */
    static final class Transitions implements StateListener {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public void onStateChange(String name, State from, State to) {
            seen.add(from + "->" + to);
        }
    }
}
