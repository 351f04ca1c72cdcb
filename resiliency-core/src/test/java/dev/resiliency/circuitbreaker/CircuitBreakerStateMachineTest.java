package dev.resiliency.circuitbreaker;

import static dev.resiliency.circuitbreaker.Fixtures.fail;
import static dev.resiliency.circuitbreaker.Fixtures.rejects;
import static dev.resiliency.circuitbreaker.Fixtures.succeed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resiliency.CircuitOpenException;
import dev.resiliency.circuitbreaker.CircuitBreaker.State;
import dev.resiliency.testing.FakeTicker;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class CircuitBreakerStateMachineTest {

    private final FakeTicker ticker = new FakeTicker();
    private final Fixtures.Transitions transitions = new Fixtures.Transitions();

    /** Window 4, minimum 4, 50 %, open 10 s, 1 probe. */
    private CircuitBreaker.Builder breaker() {
        return CircuitBreaker.builder("cb").ticker(ticker).windowSize(4).minimumCalls(4)
                .openTimeout(Duration.ofSeconds(10)).onStateChange(transitions);
    }

    private static void trip(CircuitBreaker cb) throws Exception {
        succeed(cb, 2);
        fail(cb, 2);
        assertThat(cb.state()).isEqualTo(State.OPEN);
    }

    @Test
    void openBreakerRejectsWithCircuitOpenException() throws Exception {
        CircuitBreaker cb = breaker().build();
        trip(cb);

        assertThatThrownBy(() -> cb.call(() -> "never")).isInstanceOf(CircuitOpenException.class)
                .hasMessage("Circuit breaker 'cb' is open and does not permit calls")
                .satisfies(e -> assertThat(((CircuitOpenException) e).instanceName()).isEqualTo("cb"));
    }

    @Test
    void statsWhileOpenShowTheWindowThatTrippedIt() throws Exception {
        CircuitBreaker cb = breaker().build();
        trip(cb);
        rejects(cb);
        rejects(cb);

        assertThat(cb.stats()).isEqualTo(new CircuitBreakerStats(State.OPEN, 4, 2, 0, 0.5, 0.0, 2, 2, 0, 2));
    }

    @Test
    void staysOpenUntilOpenTimeoutHasPassed() throws Exception {
        CircuitBreaker cb = breaker().build();
        trip(cb);

        ticker.advance(Duration.ofSeconds(10).minusNanos(1));
        assertThat(rejects(cb)).isTrue();
        assertThat(cb.state()).isEqualTo(State.OPEN);

        ticker.advance(Duration.ofNanos(1));
        assertThat(cb.state()).isEqualTo(State.HALF_OPEN);
    }

    @Test
    void becomesHalfOpenOnTheFirstPermissionRequestAfterOpenTimeout() throws Exception {
        CircuitBreaker cb = breaker().build();
        trip(cb);
        ticker.advance(Duration.ofSeconds(10));

        assertThat(cb.tryAcquirePermission()).isPresent();
        assertThat(transitions.seen).containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN");
    }

    @Test
    void halfOpenPermitsOnlyTheConfiguredNumberOfProbes() throws Exception {
        CircuitBreaker cb = breaker().permittedCallsInHalfOpen(2).build();
        trip(cb);
        ticker.advance(Duration.ofSeconds(10));

        assertThat(cb.tryAcquirePermission()).isPresent();
        assertThat(cb.tryAcquirePermission()).isPresent();
        assertThatThrownBy(() -> cb.call(() -> "third")).isInstanceOf(CircuitOpenException.class)
                .hasMessage("Circuit breaker 'cb' is half-open with no probe permit left and does not permit calls");
    }

    @Test
    void halfOpenClosesWhenTheProbeSucceeds() throws Exception {
        CircuitBreaker cb = breaker().build();
        trip(cb);
        ticker.advance(Duration.ofSeconds(10));

        succeed(cb, 1);

        assertThat(cb.state()).isEqualTo(State.CLOSED);
        assertThat(transitions.seen).containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED");
    }

    @Test
    void closingFromHalfOpenStartsAnEmptyWindow() throws Exception {
        CircuitBreaker cb = breaker().build();
        trip(cb);
        ticker.advance(Duration.ofSeconds(10));
        succeed(cb, 1);

        CircuitBreakerStats stats = cb.stats();
        assertThat(stats.total()).isZero();
        assertThat(stats.failures()).isZero();
        fail(cb, 3);
        assertThat(cb.state()).isEqualTo(State.CLOSED); // only 3 outcomes since closing
    }

    @Test
    void halfOpenReopensWhenTheProbeFailsAndRestartsTheTimeout() throws Exception {
        CircuitBreaker cb = breaker().build();
        trip(cb);
        ticker.advance(Duration.ofSeconds(10));

        fail(cb, 1);

        assertThat(cb.state()).isEqualTo(State.OPEN);
        ticker.advance(Duration.ofSeconds(9));
        assertThat(rejects(cb)).isTrue();
        ticker.advance(Duration.ofSeconds(1));
        assertThat(cb.state()).isEqualTo(State.HALF_OPEN);
    }

    @Test
    void statsAfterReopeningStillShowTheMainWindow() throws Exception {
        CircuitBreaker cb = breaker().build();
        trip(cb);
        ticker.advance(Duration.ofSeconds(10));
        fail(cb, 1);

        CircuitBreakerStats stats = cb.stats();
        assertThat(stats.state()).isEqualTo(State.OPEN);
        assertThat(stats.total()).isEqualTo(4);
        assertThat(stats.failures()).isEqualTo(2);
    }

    @Test
    void halfOpenEvaluatesOnlyAfterEveryProbeIsRecorded() throws Exception {
        // CB-15: 3 probes, 2 successes and 1 failure (33 % < 50 %) closes; the first failure does not reopen.
        CircuitBreaker cb = breaker().permittedCallsInHalfOpen(3).build();
        trip(cb);
        ticker.advance(Duration.ofSeconds(10));

        fail(cb, 1);
        assertThat(cb.state()).isEqualTo(State.HALF_OPEN);
        succeed(cb, 1);
        assertThat(cb.state()).isEqualTo(State.HALF_OPEN);
        succeed(cb, 1);

        assertThat(cb.state()).isEqualTo(State.CLOSED);
    }

    @Test
    void halfOpenReopensWhenTheProbeFailureRateReachesThreshold() throws Exception {
        CircuitBreaker cb = breaker().permittedCallsInHalfOpen(2).build();
        trip(cb);
        ticker.advance(Duration.ofSeconds(10));

        succeed(cb, 1);
        fail(cb, 1);

        assertThat(cb.state()).isEqualTo(State.OPEN);
    }

    @Test
    void halfOpenReopensOnSlowProbes() throws Exception {
        CircuitBreaker cb = breaker().slowCallThreshold(Duration.ofSeconds(1)).build();
        trip(cb);
        ticker.advance(Duration.ofSeconds(10));

        cb.call(() -> ticker.advance(Duration.ofSeconds(1)));

        assertThat(cb.state()).isEqualTo(State.OPEN);
    }

    @Test
    void statsWhileHalfOpenShowTheProbeWindow() throws Exception {
        CircuitBreaker cb = breaker().permittedCallsInHalfOpen(3).build();
        trip(cb);
        ticker.advance(Duration.ofSeconds(10));

        fail(cb, 1);

        CircuitBreakerStats stats = cb.stats();
        assertThat(stats.state()).isEqualTo(State.HALF_OPEN);
        assertThat(stats.total()).isEqualTo(1);
        assertThat(stats.failures()).isEqualTo(1);
        assertThat(stats.failureRate()).isEqualTo(1.0);
    }

    @Test
    void anIgnoredProbeGivesItsPermitBack() throws Exception {
        CircuitBreaker cb = breaker().ignoreException(e -> e instanceof IllegalArgumentException).build();
        trip(cb);
        ticker.advance(Duration.ofSeconds(10));

        assertThatThrownBy(() -> cb.call(() -> {
            throw new IllegalArgumentException("ignored");
        })).isInstanceOf(IllegalArgumentException.class);

        assertThat(cb.state()).isEqualTo(State.HALF_OPEN);
        succeed(cb, 1); // the permit is free again
        assertThat(cb.state()).isEqualTo(State.CLOSED);
    }

    @Test
    void minimumCallsDoesNotApplyInHalfOpen() throws Exception {
        CircuitBreaker cb = breaker().minimumCalls(4).permittedCallsInHalfOpen(1).build();
        trip(cb);
        ticker.advance(Duration.ofSeconds(10));

        fail(cb, 1);

        assertThat(cb.state()).isEqualTo(State.OPEN);
    }

    @Test
    void forceOpenRejectsUntilResetAndIgnoresOpenTimeout() throws Exception {
        CircuitBreaker cb = breaker().build();

        cb.forceOpen();
        ticker.advance(Duration.ofDays(1));

        assertThat(cb.state()).isEqualTo(State.FORCED_OPEN);
        assertThat(rejects(cb)).isTrue();
        assertThat(cb.tryAcquirePermission()).isEmpty();
        cb.reset();
        assertThat(rejects(cb)).isFalse();
    }

    @Test
    void forceOpenKeepsTheMainWindowInStats() throws Exception {
        CircuitBreaker cb = breaker().build();
        succeed(cb, 1);
        fail(cb, 1);

        cb.forceOpen();

        CircuitBreakerStats stats = cb.stats();
        assertThat(stats.state()).isEqualTo(State.FORCED_OPEN);
        assertThat(stats.total()).isEqualTo(2);
        assertThat(stats.failures()).isEqualTo(1);
    }

    @Test
    void aSecondForceOpenNotifiesNobody() {
        CircuitBreaker cb = breaker().build();

        cb.forceOpen();
        cb.forceOpen();

        assertThat(transitions.seen).containsExactly("CLOSED->FORCED_OPEN");
    }

    @Test
    void forceOpenFromOpenAndFromHalfOpenAreRealTransitions() throws Exception {
        CircuitBreaker cb = breaker().build();
        trip(cb);
        cb.forceOpen();
        cb.reset();
        trip(cb);
        ticker.advance(Duration.ofSeconds(10));
        assertThat(cb.state()).isEqualTo(State.HALF_OPEN);
        cb.forceOpen();

        assertThat(transitions.seen).containsExactly("CLOSED->OPEN", "OPEN->FORCED_OPEN", "FORCED_OPEN->CLOSED",
                "CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->FORCED_OPEN");
    }

    @Test
    void forceCloseClosesWithAnEmptyWindow() throws Exception {
        CircuitBreaker cb = breaker().build();
        trip(cb);

        cb.forceClose();

        assertThat(cb.state()).isEqualTo(State.CLOSED);
        assertThat(cb.stats().total()).isZero();
        assertThat(transitions.seen).containsExactly("CLOSED->OPEN", "OPEN->CLOSED");
    }

    @Test
    void resetWhileClosedEmptiesTheWindowWithoutNotifying() throws Exception {
        CircuitBreaker cb = breaker().build();
        fail(cb, 3);

        cb.reset();

        assertThat(cb.stats().total()).isZero();
        assertThat(cb.stats().failedCalls()).isEqualTo(3); // cumulative counters are never reset
        assertThat(transitions.seen).isEmpty();
        fail(cb, 3);
        assertThat(cb.state()).isEqualTo(State.CLOSED);
    }

    @Test
    void resetFromHalfOpenCloses() throws Exception {
        CircuitBreaker cb = breaker().build();
        trip(cb);
        ticker.advance(Duration.ofSeconds(10));
        assertThat(cb.state()).isEqualTo(State.HALF_OPEN);

        cb.reset();

        assertThat(transitions.seen).endsWith("HALF_OPEN->CLOSED");
        assertThat(cb.stats().total()).isZero();
    }

    @Test
    void aStaleOpenTimeoutNeverMovesForcedOpenToHalfOpen() throws Exception {
        // CB-85: trip, force_close, force_open, then the old open timeout elapses
        CircuitBreaker cb = breaker().build();
        trip(cb);
        cb.forceClose();
        cb.forceOpen();

        ticker.advance(Duration.ofSeconds(11));

        assertThat(cb.state()).isEqualTo(State.FORCED_OPEN);
        assertThat(rejects(cb)).isTrue();
    }

    @Test
    void aCallPermittedWhileClosedThatEndsAfterTheTripIsDropped() throws Exception {
        CircuitBreaker cb = breaker().build();
        succeed(cb, 2);

        Object result = cb.call(() -> {
            fail(cb, 2); // trips while this call is in flight
            return "late";
        });

        assertThat(result).isEqualTo("late");
        CircuitBreakerStats stats = cb.stats();
        assertThat(stats.state()).isEqualTo(State.OPEN);
        assertThat(stats.total()).isEqualTo(4); // the window that tripped, without the late success
        assertThat(stats.successfulCalls()).isEqualTo(3); // but the call itself did succeed
    }

    @Test
    void aLateCallFromBeforeAResetDoesNotCountInTheNewWindow() throws Exception {
        CircuitBreaker cb = breaker().minimumCalls(1).failureRateThreshold(1.0).build();

        assertThatThrownBy(() -> cb.call(() -> {
            cb.reset();
            throw new IOException("late");
        })).isInstanceOf(IOException.class);

        assertThat(cb.state()).isEqualTo(State.CLOSED);
        assertThat(cb.stats().total()).isZero();
    }

    @Test
    void aLateProbeFromAnEarlierHalfOpenPeriodIsDropped() throws Exception {
        CircuitBreaker cb = breaker().build();
        trip(cb);
        ticker.advance(Duration.ofSeconds(10));
        CircuitBreaker.Permit probe = cb.acquirePermission();
        cb.forceOpen();
        cb.reset();
        trip(cb);
        ticker.advance(Duration.ofSeconds(10));
        assertThat(cb.state()).isEqualTo(State.HALF_OPEN);

        probe.onFailure(new IOException("late"));

        assertThat(cb.state()).isEqualTo(State.HALF_OPEN);
        assertThat(cb.stats().total()).isZero();
    }

    @Test
    void everyTransitionPublishesAnEventBeforeCallingStateListeners() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        CircuitBreaker cb = breaker().onStateChange((name, from, to) -> order.add("listener " + name + " " + to))
                .build();
        cb.events().subscribe(e -> {
            if (e instanceof CircuitBreakerEvent.StateTransition t) {
                order.add("event " + t.name() + " " + t.to());
            }
        });

        trip(cb);
        cb.reset();

        assertThat(order).containsExactly("event cb OPEN", "listener cb OPEN", "event cb CLOSED", "listener cb CLOSED");
    }

    @Test
    void stateListenersRunInRegistrationOrderAndTheirExceptionsAreSwallowed() throws Exception {
        List<String> order = new ArrayList<>();
        CircuitBreaker cb = breaker()
                .onStateChange((n, f, t) -> {
                    order.add("first");
                    throw new IllegalStateException("listener bug");
                })
                .onStateChange((n, f, t) -> order.add("second")).build();

        cb.forceOpen();

        assertThat(cb.state()).isEqualTo(State.FORCED_OPEN);
        assertThat(order).containsExactly("first", "second");
    }

    @Test
    void aListenerThatChangesStateIsNotifiedInOrder() {
        List<String> seen = new ArrayList<>();
        CircuitBreaker[] holder = new CircuitBreaker[1];
        CircuitBreaker cb = breaker().onStateChange((n, from, to) -> {
            seen.add(from + "->" + to);
            if (to == State.FORCED_OPEN) {
                holder[0].reset(); // re-entrant transition: delivered after this one returns
            }
        }).build();
        holder[0] = cb;

        cb.forceOpen();

        assertThat(seen).containsExactly("CLOSED->FORCED_OPEN", "FORCED_OPEN->CLOSED");
        assertThat(cb.state()).isEqualTo(State.CLOSED);
    }
}
