package dev.resiliency.circuitbreaker;

import static dev.resiliency.circuitbreaker.Fixtures.fail;
import static dev.resiliency.circuitbreaker.Fixtures.succeed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resiliency.circuitbreaker.CircuitBreaker.State;
import dev.resiliency.testing.FakeTicker;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class CircuitBreakerClosedStateTest {

    private final FakeTicker ticker = new FakeTicker();

    private CircuitBreaker.Builder breaker() {
        return CircuitBreaker.builder("cb").ticker(ticker);
    }

    @Test
    void startsClosedWithEmptyStats() {
        assertThat(breaker().build().stats())
                .isEqualTo(new CircuitBreakerStats(State.CLOSED, 0, 0, 0, 0.0, 0.0, 0, 0, 0, 0));
    }

    @Test
    void returnsTheResultAndRecordsASuccess() throws Exception {
        CircuitBreaker cb = breaker().build();

        assertThat(cb.call(() -> 42)).isEqualTo(42);

        CircuitBreakerStats stats = cb.stats();
        assertThat(stats.total()).isEqualTo(1);
        assertThat(stats.failures()).isZero();
        assertThat(stats.successfulCalls()).isEqualTo(1);
    }

    @Test
    void rethrowsTheSameCheckedExceptionAndRecordsAFailure() {
        CircuitBreaker cb = breaker().build();
        IOException boom = new IOException("boom");

        assertThatThrownBy(() -> cb.call(() -> {
            throw boom;
        })).isSameAs(boom);

        assertThat(cb.stats().failures()).isEqualTo(1);
        assertThat(cb.stats().failedCalls()).isEqualTo(1);
    }

    @Test
    void recordsAnErrorAsFailureAndRethrowsIt() {
        CircuitBreaker cb = breaker().minimumCalls(1).failureRateThreshold(1.0).build();
        StackOverflowError error = new StackOverflowError();

        assertThatThrownBy(() -> cb.call(() -> {
            throw error;
        })).isSameAs(error);

        assertThat(cb.stats().failedCalls()).isEqualTo(1);
        assertThat(cb.state()).isEqualTo(State.OPEN);
    }

    @Test
    void interruptedExceptionIsRethrownWithTheInterruptFlagRestored() {
        CircuitBreaker cb = breaker().build();
        InterruptedException interrupted = new InterruptedException();
        try {
            assertThatThrownBy(() -> cb.call(() -> {
                throw interrupted;
            })).isSameAs(interrupted);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void opensAfterFailureRateReachesThreshold() throws Exception {
        CircuitBreaker cb = breaker().windowSize(10).minimumCalls(10).failureRateThreshold(0.5).build();

        succeed(cb, 5);
        fail(cb, 4);
        assertThat(cb.state()).isEqualTo(State.CLOSED);
        fail(cb, 1); // 5 of 10: the threshold is inclusive

        assertThat(cb.state()).isEqualTo(State.OPEN);
    }

    @Test
    void staysClosedJustBelowThreshold() throws Exception {
        CircuitBreaker cb = breaker().windowSize(10).minimumCalls(10).failureRateThreshold(0.5).build();

        succeed(cb, 6);
        fail(cb, 4);

        assertThat(cb.state()).isEqualTo(State.CLOSED);
        assertThat(cb.stats().failureRate()).isEqualTo(0.4);
    }

    @Test
    void doesNotRateTheWindowBeforeMinimumCalls() {
        CircuitBreaker cb = breaker().minimumCalls(5).build();

        fail(cb, 4);
        assertThat(cb.state()).isEqualTo(State.CLOSED);
        assertThat(cb.stats().failureRate()).isEqualTo(1.0);

        fail(cb, 1);
        assertThat(cb.state()).isEqualTo(State.OPEN);
    }

    @Test
    void thresholdsUseExactRatios() throws Exception {
        CircuitBreaker cb = breaker().windowSize(10).minimumCalls(10).failureRateThreshold(0.3).build();

        succeed(cb, 7);
        fail(cb, 3); // 3.0 / 10 >= 0.3 holds exactly, although 0.3 * 10 > 3 in doubles

        assertThat(cb.state()).isEqualTo(State.OPEN);
    }

    @Test
    void ringBufferEvictsTheOldestOutcome() throws Exception {
        // CB-68: window 4, minimum 8 never trips; 4 failures then 4 successes leave total 4, failures 0
        CircuitBreaker cb = breaker().windowSize(4).minimumCalls(8).build();

        fail(cb, 4);
        assertThat(cb.stats().total()).isEqualTo(4);
        assertThat(cb.stats().failures()).isEqualTo(4);
        succeed(cb, 4);

        CircuitBreakerStats stats = cb.stats();
        assertThat(stats.total()).isEqualTo(4);
        assertThat(stats.failures()).isZero();
        assertThat(stats.failureRate()).isEqualTo(0.0);
    }

    @Test
    void windowSmallerThanMinimumCallsNeverTrips() {
        CircuitBreaker cb = breaker().windowSize(4).minimumCalls(8).build();

        fail(cb, 50);

        assertThat(cb.state()).isEqualTo(State.CLOSED);
        assertThat(cb.stats().total()).isEqualTo(4);
    }

    @Test
    void thresholdZeroTripsEvenWhenEveryCallSucceeds() throws Exception {
        CircuitBreaker cb = breaker().minimumCalls(3).failureRateThreshold(0.0).build();

        succeed(cb, 2);
        assertThat(cb.state()).isEqualTo(State.CLOSED);
        succeed(cb, 1);

        assertThat(cb.state()).isEqualTo(State.OPEN);
    }

    @Test
    void thresholdOneTripsOnlyWhenEveryOutcomeFailed() throws Exception {
        CircuitBreaker cb = breaker().windowSize(5).minimumCalls(5).failureRateThreshold(1.0).build();

        succeed(cb, 1);
        fail(cb, 4);
        assertThat(cb.state()).isEqualTo(State.CLOSED);
        fail(cb, 1); // evicts the success

        assertThat(cb.state()).isEqualTo(State.OPEN);
    }

    @Test
    void noCallIsSlowByDefault() throws Exception {
        CircuitBreaker cb = breaker().minimumCalls(1).slowCallRateThreshold(0.5).build();

        cb.call(() -> ticker.advance(Duration.ofDays(1)));

        assertThat(cb.stats().slowCalls()).isZero();
        assertThat(cb.state()).isEqualTo(State.CLOSED);
    }

    @Test
    void callsAtOrAboveSlowCallThresholdAreSlow() throws Exception {
        CircuitBreaker cb = breaker().slowCallThreshold(Duration.ofMillis(100)).build();

        cb.call(() -> ticker.advanceMillis(99));
        cb.call(() -> ticker.advanceMillis(100));
        cb.call(() -> ticker.advanceMillis(250));

        assertThat(cb.stats().slowCalls()).isEqualTo(2);
        assertThat(cb.stats().total()).isEqualTo(3);
    }

    @Test
    void opensWhenSlowCallRateReachesThreshold() throws Exception {
        CircuitBreaker cb = breaker().windowSize(4).minimumCalls(4).slowCallThreshold(Duration.ofMillis(100))
                .slowCallRateThreshold(0.5).build();

        succeed(cb, 2);
        cb.call(() -> ticker.advanceMillis(100));
        assertThat(cb.state()).isEqualTo(State.CLOSED);
        cb.call(() -> ticker.advanceMillis(100));

        assertThat(cb.state()).isEqualTo(State.OPEN);
        assertThat(cb.stats().slowCallRate()).isEqualTo(0.5);
        assertThat(cb.stats().failures()).isZero();
    }

    @Test
    void slowCallThresholdZeroMakesEveryCallSlow() throws Exception {
        CircuitBreaker cb = breaker().slowCallThreshold(Duration.ZERO).build();

        succeed(cb, 3);
        fail(cb, 1);

        assertThat(cb.stats().slowCalls()).isEqualTo(4);
    }

    @Test
    void aCallCanBeBothFailedAndSlow() {
        CircuitBreaker cb = breaker().slowCallThreshold(Duration.ofMillis(10)).build();

        assertThatThrownBy(() -> cb.call(() -> {
            ticker.advanceMillis(10);
            throw new IOException("slow and broken");
        })).isInstanceOf(IOException.class);

        assertThat(cb.stats().failures()).isEqualTo(1);
        assertThat(cb.stats().slowCalls()).isEqualTo(1);
    }

    @Test
    void slowCallRateThresholdZeroTripsEvenWithoutSlowCalls() throws Exception {
        // Reference 3.6: 0 / total >= 0.0, as for a failure threshold of 0.0.
        CircuitBreaker cb = breaker().minimumCalls(2).slowCallRateThreshold(0.0).build();

        succeed(cb, 2);

        assertThat(cb.state()).isEqualTo(State.OPEN);
    }

    @Test
    void exceptionsNotMatchedByRecordFailureCountAsSuccesses() {
        CircuitBreaker cb = breaker().minimumCalls(1).recordFailure(e -> e instanceof IOException).build();

        assertThatThrownBy(() -> cb.call(() -> {
            throw new IllegalStateException("business error");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(cb.stats().failures()).isZero();
        assertThat(cb.stats().successfulCalls()).isEqualTo(1);
        assertThat(cb.state()).isEqualTo(State.CLOSED);
    }

    @Test
    void ignoredExceptionsAreRethrownButNotRecorded() {
        CircuitBreaker cb = breaker().minimumCalls(1).ignoreException(e -> e instanceof IllegalArgumentException)
                .build();

        assertThatThrownBy(() -> cb.call(() -> {
            throw new IllegalArgumentException("bad input");
        })).isInstanceOf(IllegalArgumentException.class);

        assertThat(cb.stats().total()).isZero();
        assertThat(cb.stats().ignoredCalls()).isEqualTo(1);
    }

    @Test
    void ignoreExceptionTakesPrecedenceOverRecordFailure() {
        CircuitBreaker cb = breaker().recordFailure(e -> true).ignoreException(e -> true).build();

        fail(cb, 1);

        assertThat(cb.stats().ignoredCalls()).isEqualTo(1);
        assertThat(cb.stats().failedCalls()).isZero();
    }

    @Test
    void anErrorIsAFailureWhateverThePredicatesSay() {
        CircuitBreaker cb = breaker().recordFailure(e -> false).ignoreException(e -> true).build();

        assertThatThrownBy(() -> cb.call(() -> {
            throw new AssertionError("boom");
        })).isInstanceOf(AssertionError.class);

        assertThat(cb.stats().failedCalls()).isEqualTo(1);
    }

    @Test
    void aThrowingPredicateCountsTheCallAsASuccess() {
        CircuitBreaker cb = breaker().recordFailure(e -> {
            throw new IllegalStateException("predicate bug");
        }).build();
        IOException boom = new IOException("boom");

        assertThatThrownBy(() -> cb.call(() -> {
            throw boom;
        })).isSameAs(boom);

        assertThat(cb.stats().successfulCalls()).isEqualTo(1);
    }

    @Test
    void resultsMatchedByRecordResultAreFailuresButStillReturned() throws Exception {
        CircuitBreaker cb = breaker().minimumCalls(2).recordResult(r -> "error".equals(r)).build();

        assertThat(cb.call(() -> "error")).isEqualTo("error");
        assertThat(cb.call(() -> "fine")).isEqualTo("fine");

        assertThat(cb.stats().failures()).isEqualTo(1);
        assertThat(cb.state()).isEqualTo(State.OPEN);
    }

    @Test
    void aThrowingResultPredicateCountsTheCallAsASuccess() throws Exception {
        CircuitBreaker cb = breaker().recordResult(r -> {
            throw new IllegalStateException("predicate bug");
        }).build();

        assertThat(cb.call(() -> "x")).isEqualTo("x");

        assertThat(cb.stats().successfulCalls()).isEqualTo(1);
    }

    @Test
    void rejectedCallsAreNotRun() throws Exception {
        CircuitBreaker cb = breaker().build();
        cb.forceOpen();
        AtomicBoolean ran = new AtomicBoolean();

        assertThatThrownBy(() -> cb.call(() -> ran.getAndSet(true)))
                .isInstanceOf(dev.resiliency.CircuitOpenException.class)
                .hasMessage("Circuit breaker 'cb' is forced open and does not permit calls");

        assertThat(ran).isFalse();
        assertThat(cb.stats().rejectedCalls()).isEqualTo(1);
    }
}
