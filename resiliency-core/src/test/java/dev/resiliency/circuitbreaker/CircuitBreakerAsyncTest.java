package dev.resiliency.circuitbreaker;

import static dev.resiliency.circuitbreaker.Fixtures.fail;
import static dev.resiliency.circuitbreaker.Fixtures.succeed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resiliency.CircuitOpenException;
import dev.resiliency.circuitbreaker.CircuitBreaker.State;
import dev.resiliency.testing.FakeTicker;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class CircuitBreakerAsyncTest {

    private final FakeTicker ticker = new FakeTicker();

    private CircuitBreaker.Builder breaker() {
        return CircuitBreaker.builder("cb").ticker(ticker).windowSize(4).minimumCalls(4)
                .openTimeout(Duration.ofSeconds(10));
    }

    private static void trip(CircuitBreaker cb) throws Exception {
        succeed(cb, 2);
        fail(cb, 2);
    }

    @Test
    void returnsTheStageResultAndRecordsItBeforeCompleting() throws Exception {
        CircuitBreaker cb = breaker().build();
        CompletableFuture<String> downstream = new CompletableFuture<>();

        CompletableFuture<String> result = cb.callAsync(() -> downstream);
        assertThat(result).isNotDone();
        assertThat(cb.stats().total()).isZero();
        downstream.complete("ok");

        assertThat(result.join()).isEqualTo("ok");
        assertThat(cb.stats().successfulCalls()).isEqualTo(1);
    }

    @Test
    void failuresArriveUnwrappedAndAreRecorded() {
        CircuitBreaker cb = breaker().build();
        IOException boom = new IOException("boom");

        CompletableFuture<Object> result = cb.callAsync(() -> CompletableFuture.supplyAsync(() -> {
            throw new CompletionException(boom);
        }));

        assertThatThrownBy(result::get).isInstanceOf(ExecutionException.class).cause().isSameAs(boom);
        assertThat(cb.stats().failures()).isEqualTo(1);
    }

    @Test
    void aSupplierThatThrowsGivesAFailedFutureAndAFailure() {
        CircuitBreaker cb = breaker().build();
        IllegalStateException boom = new IllegalStateException("boom");

        CompletableFuture<Object> result = cb.callAsync(() -> {
            throw boom;
        });

        assertThatThrownBy(result::join).cause().isSameAs(boom);
        assertThat(cb.stats().failedCalls()).isEqualTo(1);
    }

    @Test
    void rejectedCallsFailWithoutCallingTheSupplier() throws Exception {
        CircuitBreaker cb = breaker().build();
        trip(cb);
        AtomicBoolean called = new AtomicBoolean();

        CompletableFuture<String> result = cb.callAsync(() -> {
            called.set(true);
            return CompletableFuture.completedFuture("never");
        });

        assertThatThrownBy(result::join).cause().isInstanceOf(CircuitOpenException.class);
        assertThat(called).isFalse();
        assertThat(cb.stats().rejectedCalls()).isEqualTo(1);
    }

    @Test
    void returnedValuesAreClassifiedWithRecordResult() {
        CircuitBreaker cb = breaker().recordResult(r -> r == null).build();

        cb.callAsync(() -> CompletableFuture.completedFuture(null)).join();

        assertThat(cb.stats().failures()).isEqualTo(1);
    }

    @Test
    void slowStagesAreSlowCalls() {
        CircuitBreaker cb = breaker().slowCallThreshold(Duration.ofMillis(50)).build();
        CompletableFuture<String> downstream = new CompletableFuture<>();

        CompletableFuture<String> result = cb.callAsync(() -> downstream);
        ticker.advanceMillis(50);
        downstream.complete("late");

        assertThat(result.join()).isEqualTo("late");
        assertThat(cb.stats().slowCalls()).isEqualTo(1);
    }

    @Test
    void cancellingTheResultIgnoresTheCallAndCancelsTheStage() {
        CircuitBreaker cb = breaker().build();
        CompletableFuture<String> downstream = new CompletableFuture<>();

        CompletableFuture<String> result = cb.callAsync(() -> downstream);
        result.cancel(true);

        assertThat(downstream).isCancelled();
        CircuitBreakerStats stats = cb.stats();
        assertThat(stats.ignoredCalls()).isEqualTo(1);
        assertThat(stats.total()).isZero();
    }

    @Test
    void cancellingAHalfOpenProbeFreesItsPermit() throws Exception {
        CircuitBreaker cb = breaker().build();
        trip(cb);
        ticker.advance(Duration.ofSeconds(10));

        CompletableFuture<String> probe = cb.callAsync(CompletableFuture::new);
        assertThat(cb.tryAcquirePermission()).isEmpty();
        probe.cancel(false);

        assertThat(cb.callAsync(() -> CompletableFuture.completedFuture("ok")).join()).isEqualTo("ok");
        assertThat(cb.state()).isEqualTo(State.CLOSED);
    }

    @Test
    void completingTheResultFromOutsideRecordsThatOutcome() {
        CircuitBreaker cb = breaker().build();
        CompletableFuture<String> downstream = new CompletableFuture<>();

        CompletableFuture<String> result = cb.callAsync(() -> downstream);
        result.completeExceptionally(new TimeoutException("gave up"));

        assertThat(cb.stats().failedCalls()).isEqualTo(1);
        assertThat(downstream).isCancelled();
        downstream.complete("too late");
        assertThat(cb.stats().successfulCalls()).isZero();
    }

    @Test
    void anAsyncCallThatEndsAfterTheTripIsDropped() throws Exception {
        CircuitBreaker cb = breaker().build();
        CompletableFuture<String> downstream = new CompletableFuture<>();
        CompletableFuture<String> result = cb.callAsync(() -> downstream);

        trip(cb);
        downstream.complete("late");

        assertThat(result.join()).isEqualTo("late");
        assertThat(cb.stats().total()).isEqualTo(4);
        assertThat(cb.stats().state()).isEqualTo(State.OPEN);
    }

    @Test
    void cancellationOfTheStageItselfIsAFailure() {
        CircuitBreaker cb = breaker().build();
        CompletableFuture<String> downstream = new CompletableFuture<>();

        CompletableFuture<String> result = cb.callAsync(() -> downstream);
        downstream.cancel(true);

        assertThatThrownBy(result::join).isInstanceOf(CancellationException.class);
        assertThat(cb.stats().failedCalls()).isEqualTo(1);
        assertThat(cb.stats().ignoredCalls()).isZero();
    }
}
