package dev.resiliency.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resiliency.circuitbreaker.CircuitBreaker.State;
import dev.resiliency.testing.FakeTicker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * The circuit breaker's state machine against a plain model, on random sequences of permission requests,
 * outcomes (success, failure, ignore, close without record, recorded twice), clock moves, {@code forceOpen} and
 * {@code reset}, with permits that outlive the state they were granted in. After every step both agree on the
 * state, the window, the cumulative counters and the notified transitions.
 */
class CircuitBreakerProperties {

    @Property(tries = 400)
    void theStateMachineFollowsTheModel(@ForAll @IntRange(min = 1, max = 6) int windowSize,
            @ForAll @IntRange(min = 1, max = 6) int minimumCalls, @ForAll("thresholds") double threshold,
            @ForAll @IntRange(min = 1, max = 3) int probes, @ForAll("operations") List<Op> operations) {
        new Run(windowSize, minimumCalls, threshold, probes).execute(operations);
    }

    @Provide
    Arbitrary<Double> thresholds() {
        return Arbitraries.of(0.0, 0.25, 0.5, 0.6, 1.0);
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Integer> index = Arbitraries.integers().between(0, 10);
        return Arbitraries.<Op>frequencyOf(
                Tuple.of(5, Arbitraries.just(new Acquire())),
                Tuple.of(6, Combinators.combine(index, Arbitraries.of(Outcome.class)).as((i, o) -> (Op) new Record(i, o))),
                Tuple.of(2, Arbitraries.integers().between(1, 1_500).map(Advance::new)),
                Tuple.of(1, Arbitraries.just(new ForceOpen())),
                Tuple.of(1, Arbitraries.just(new Reset())))
                .list().ofMinSize(1).ofMaxSize(60);
    }

    enum Outcome { SUCCESS, FAILURE, IGNORE, CLOSE }

    sealed interface Op permits Acquire, Record, Advance, ForceOpen, Reset {
    }

    record Acquire() implements Op {
    }

    /** Records on the n-th permit granted so far (modulo), recorded or not: a second record is a no-op. */
    record Record(int index, Outcome outcome) implements Op {
    }

    record Advance(int millis) implements Op {
    }

    record ForceOpen() implements Op {
    }

    record Reset() implements Op {
    }

    private static final class Held {
        final CircuitBreaker.Permit permit;
        final long generation;
        final State grantedIn;
        boolean recorded;

        Held(CircuitBreaker.Permit permit, long generation, State grantedIn) {
            this.permit = permit;
            this.generation = generation;
            this.grantedIn = grantedIn;
        }
    }

    private static final class Run {
        static final Duration OPEN_TIMEOUT = Duration.ofSeconds(1);

        final int windowSize;
        final int minimumCalls;
        final double threshold;
        final int probes;
        final FakeTicker ticker = new FakeTicker();
        final CircuitBreaker breaker;
        final List<String> notified = new ArrayList<>();
        final List<String> expectedNotified = new ArrayList<>();
        final List<Held> permits = new ArrayList<>();

        // The model.
        State state = State.CLOSED;
        long generation;
        final ArrayDeque<Boolean> window = new ArrayDeque<>(); // true = failure
        long openedAt;
        int issued;
        int probeTotal;
        int probeFailures;
        long successes;
        long failures;
        long ignored;
        long rejected;

        Run(int windowSize, int minimumCalls, double threshold, int probes) {
            this.windowSize = windowSize;
            this.minimumCalls = minimumCalls;
            this.threshold = threshold;
            this.probes = probes;
            this.breaker = CircuitBreaker.builder("prop").windowSize(windowSize).minimumCalls(minimumCalls)
                    .failureRateThreshold(threshold).openTimeout(OPEN_TIMEOUT).permittedCallsInHalfOpen(probes)
                    .ticker(ticker).onStateChange((name, from, to) -> notified.add(from + "->" + to)).build();
        }

        void execute(List<Op> operations) {
            for (Op op : operations) {
                apply(op);
                check();
            }
        }

        void apply(Op op) {
            if (op instanceof Acquire) {
                acquire();
            } else if (op instanceof Record r) {
                if (!permits.isEmpty()) {
                    record(permits.get(r.index() % permits.size()), r.outcome());
                }
            } else if (op instanceof Advance a) {
                ticker.advance(Duration.ofMillis(a.millis()));
            } else if (op instanceof ForceOpen) {
                if (state != State.FORCED_OPEN) {
                    moveTo(State.FORCED_OPEN);
                }
                breaker.forceOpen();
            } else if (op instanceof Reset) {
                moveTo(State.CLOSED);
                window.clear();
                breaker.reset();
            }
        }

        void acquire() {
            halfOpenIfDue();
            boolean granted;
            if (state == State.CLOSED) {
                granted = true;
            } else if (state == State.HALF_OPEN && issued < probes) {
                issued++;
                granted = true;
            } else {
                granted = false;
                rejected++;
            }
            Optional<CircuitBreaker.Permit> permit = breaker.tryAcquirePermission();
            assertThat(permit.isPresent()).as("granted in %s", state).isEqualTo(granted);
            permit.ifPresent(p -> permits.add(new Held(p, generation, state)));
        }

        void record(Held held, Outcome outcome) {
            if (!held.recorded) {
                held.recorded = true;
                boolean current = held.generation == generation;
                switch (outcome) {
                    case SUCCESS -> {
                        successes++;
                        if (current) {
                            rate(held, false);
                        }
                    }
                    case FAILURE, CLOSE -> {
                        failures++;
                        if (current) {
                            rate(held, true);
                        }
                    }
                    case IGNORE -> {
                        ignored++;
                        if (current && held.grantedIn == State.HALF_OPEN && issued > 0) {
                            issued--; // the probe permit goes back
                        }
                    }
                }
            }
            switch (outcome) {
                case SUCCESS -> held.permit.onSuccess();
                case FAILURE -> held.permit.onFailure(new IllegalStateException("down"));
                case IGNORE -> held.permit.onIgnore();
                case CLOSE -> held.permit.close();
            }
        }

        void rate(Held held, boolean failure) {
            if (held.grantedIn == State.CLOSED) {
                window.addLast(failure);
                if (window.size() > windowSize) {
                    window.removeFirst();
                }
                long failed = window.stream().filter(f -> f).count();
                if (window.size() >= minimumCalls && (double) failed / window.size() >= threshold) {
                    moveTo(State.OPEN);
                    openedAt = ticker.read();
                }
            } else {
                probeTotal++;
                if (failure) {
                    probeFailures++;
                }
                if (probeTotal == probes) {
                    if ((double) probeFailures / probeTotal >= threshold) {
                        moveTo(State.OPEN);
                        openedAt = ticker.read();
                    } else {
                        moveTo(State.CLOSED);
                        window.clear();
                    }
                }
            }
        }

        void halfOpenIfDue() {
            if (state == State.OPEN && ticker.read() - openedAt >= OPEN_TIMEOUT.toNanos()) {
                moveTo(State.HALF_OPEN);
                issued = 0;
                probeTotal = 0;
                probeFailures = 0;
            }
        }

        void moveTo(State next) {
            if (next != state) {
                expectedNotified.add(state + "->" + next);
            }
            state = next;
            generation++;
        }

        void check() {
            halfOpenIfDue(); // state() and stats() move a due OPEN breaker too
            assertThat(breaker.state()).as("state").isEqualTo(state);
            CircuitBreakerStats stats = breaker.stats();
            assertThat(stats.state()).isEqualTo(state);
            assertThat(stats.successfulCalls()).as("successes").isEqualTo(successes);
            assertThat(stats.failedCalls()).as("failures").isEqualTo(failures);
            assertThat(stats.ignoredCalls()).as("ignored").isEqualTo(ignored);
            assertThat(stats.rejectedCalls()).as("rejected").isEqualTo(rejected);
            if (state == State.CLOSED) {
                assertThat(stats.total()).as("window size").isEqualTo(window.size());
                assertThat(stats.failures()).as("window failures").isEqualTo(window.stream().filter(f -> f).count());
            } else if (state == State.HALF_OPEN) {
                assertThat(stats.total()).as("probes recorded").isEqualTo(probeTotal);
                assertThat(stats.failures()).as("probe failures").isEqualTo(probeFailures);
            }
            assertThat(notified).as("notified transitions").isEqualTo(expectedNotified);
        }
    }
}
