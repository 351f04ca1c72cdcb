package dev.resiliency.circuitbreaker;

import dev.resiliency.circuitbreaker.CircuitBreaker.State;
import dev.resiliency.testing.FakeTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jetbrains.lincheck.Lincheck;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Model checks of the circuit breaker's lock-free state machine: each scenario runs under the thread
 * interleavings Lincheck explores, and the checks at the end must hold in every one. Plain checks, not AssertJ:
 * Lincheck instruments what runs inside the scenario.
 */
@Tag("lincheck") // runs in its own JVM, see the surefire executions in pom.xml
class CircuitBreakerModelCheckTest {

    /** Interleavings explored per scenario; raise it for a deeper run: {@code -Dlincheck.invocations=2000}. */
    private static final int INVOCATIONS = Integer.getInteger("lincheck.invocations", 100) / 3; // heavier per run than the others

    @Test
    void concurrentFailuresTripTheBreakerExactlyOnce() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            List<String> transitions = new ArrayList<>();
            CircuitBreaker breaker = CircuitBreaker.builder("mc").windowSize(2).minimumCalls(2)
                    .failureRateThreshold(0.5).ticker(new FakeTicker())
                    .onStateChange((name, from, to) -> {
                        synchronized (transitions) {
                            transitions.add(from + "->" + to);
                        }
                    })
                    .build();
            Runnable fail = () -> breaker.acquirePermission().onFailure(new IllegalStateException("down"));
            Thread a = new Thread(fail);
            Thread b = new Thread(fail);
            a.start();
            b.start();
            join(a);
            join(b);
            check(breaker.state() == State.OPEN, "state " + breaker.state());
            check(transitions.equals(List.of("CLOSED->OPEN")), "transitions " + transitions);
            check(breaker.stats().failedCalls() == 2, "failures counted " + breaker.stats());
        });
    }

    @Test
    void halfOpenGrantsExactlyItsPermittedProbes() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            FakeTicker ticker = new FakeTicker();
            CircuitBreaker breaker = CircuitBreaker.builder("mc").windowSize(1).minimumCalls(1)
                    .openTimeout(Duration.ofSeconds(1)).permittedCallsInHalfOpen(1).ticker(ticker).build();
            breaker.forceOpen();
            breaker.reset();
            breaker.acquirePermission().onFailure(new IllegalStateException("trip"));
            check(breaker.state() == State.OPEN, "tripped");
            ticker.advance(Duration.ofSeconds(1));
            @SuppressWarnings({"unchecked", "rawtypes"})
            Optional<CircuitBreaker.Permit>[] permits = new Optional[2]; // generic array: unavoidable raw type
            Thread a = new Thread(() -> permits[0] = breaker.tryAcquirePermission());
            Thread b = new Thread(() -> permits[1] = breaker.tryAcquirePermission());
            a.start();
            b.start();
            join(a);
            join(b);
            check(permits[0].isPresent() != permits[1].isPresent(), "exactly one probe");
            check(breaker.state() == State.HALF_OPEN, "half open while probing");
            (permits[0].isPresent() ? permits[0] : permits[1]).get().onSuccess();
            check(breaker.state() == State.CLOSED, "a successful probe closes it");
            check(breaker.stats().rejectedCalls() == 1, "the other was rejected");
        });
    }

    @Test
    void racingTransitionsAreNotifiedAsOneUnbrokenChain() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            List<State[]> transitions = new ArrayList<>();
            CircuitBreaker breaker = CircuitBreaker.builder("mc").windowSize(1).minimumCalls(1)
                    .ticker(new FakeTicker())
                    .onStateChange((name, from, to) -> {
                        synchronized (transitions) {
                            transitions.add(new State[] {from, to});
                        }
                    })
                    .build();
            Thread tripper = new Thread(() -> breaker.tryAcquirePermission()
                    .ifPresent(p -> p.onFailure(new IllegalStateException("down"))));
            Thread forcer = new Thread(breaker::forceOpen);
            Thread resetter = new Thread(breaker::reset);
            tripper.start();
            forcer.start();
            resetter.start();
            join(tripper);
            join(forcer);
            join(resetter);
            State expectedFrom = State.CLOSED;
            for (State[] t : transitions) {
                check(t[0] == expectedFrom, "notified " + t[0] + "->" + t[1] + " after reaching " + expectedFrom);
                check(t[0] != t[1], "a transition to the same state");
                expectedFrom = t[1];
            }
            check(breaker.state() == expectedFrom, "last notified " + expectedFrom + " but state " + breaker.state());
        });
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
