package dev.resiliency.circuitbreaker;

import static dev.resiliency.circuitbreaker.Fixtures.fail;
import static dev.resiliency.circuitbreaker.Fixtures.succeed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resiliency.CircuitOpenException;
import dev.resiliency.circuitbreaker.CircuitBreaker.Permit;
import dev.resiliency.circuitbreaker.CircuitBreaker.State;
import dev.resiliency.testing.FakeTicker;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class CircuitBreakerPermitTest {

    private final FakeTicker ticker = new FakeTicker();

    private CircuitBreaker.Builder breaker() {
        return CircuitBreaker.builder("cb").ticker(ticker).windowSize(4).minimumCalls(4)
                .openTimeout(Duration.ofSeconds(10));
    }

    @Test
    void recordsASuccess() {
        CircuitBreaker cb = breaker().build();

        cb.acquirePermission().onSuccess();

        assertThat(cb.stats().total()).isEqualTo(1);
        assertThat(cb.stats().successfulCalls()).isEqualTo(1);
    }

    @Test
    void recordsAFailure() {
        CircuitBreaker cb = breaker().build();

        cb.acquirePermission().onFailure(new IOException("boom"));

        assertThat(cb.stats().failures()).isEqualTo(1);
    }

    @Test
    void onFailureClassifiesTheErrorLikeCall() {
        CircuitBreaker cb = breaker().recordFailure(e -> e instanceof IOException)
                .ignoreException(e -> e instanceof IllegalArgumentException).build();

        cb.acquirePermission().onFailure(new IOException("failure"));
        cb.acquirePermission().onFailure(new IllegalStateException("not a failure"));
        cb.acquirePermission().onFailure(new IllegalArgumentException("ignored"));
        cb.acquirePermission().onFailure(null);

        CircuitBreakerStats stats = cb.stats();
        assertThat(stats.failedCalls()).isEqualTo(2);
        assertThat(stats.successfulCalls()).isEqualTo(1);
        assertThat(stats.ignoredCalls()).isEqualTo(1);
    }

    @Test
    void onIgnoreRecordsNothingInTheWindow() {
        CircuitBreaker cb = breaker().build();

        cb.acquirePermission().onIgnore();

        assertThat(cb.stats().total()).isZero();
        assertThat(cb.stats().ignoredCalls()).isEqualTo(1);
    }

    @Test
    void closingAnUnrecordedPermitRecordsAFailure() {
        CircuitBreaker cb = breaker().build();

        try (Permit permit = cb.acquirePermission()) {
            assertThat(permit).isNotNull();
        }

        assertThat(cb.stats().failures()).isEqualTo(1);
    }

    @Test
    void onlyTheFirstRecordOfAPermitCounts() {
        CircuitBreaker cb = breaker().build();
        Permit permit = cb.acquirePermission();

        permit.onSuccess();
        permit.onFailure(new IOException("ignored"));
        permit.onIgnore();
        permit.close();

        CircuitBreakerStats stats = cb.stats();
        assertThat(stats.total()).isEqualTo(1);
        assertThat(stats.successfulCalls()).isEqualTo(1);
        assertThat(stats.failedCalls()).isZero();
        assertThat(stats.ignoredCalls()).isZero();
    }

    @Test
    void tryAcquirePermissionIsEmptyAndCountedWhenRejected() throws Exception {
        CircuitBreaker cb = breaker().build();
        succeed(cb, 2);
        fail(cb, 2);

        assertThat(cb.tryAcquirePermission()).isEmpty();
        assertThat(cb.stats().rejectedCalls()).isEqualTo(1);
    }

    @Test
    void acquirePermissionThrowsWhenRejected() {
        CircuitBreaker cb = breaker().build();
        cb.forceOpen();

        assertThatThrownBy(cb::acquirePermission).isInstanceOf(CircuitOpenException.class);
        assertThat(cb.stats().rejectedCalls()).isEqualTo(1);
    }

    @Test
    void aPermitMeasuresItsDurationFromGrantToRecord() {
        CircuitBreaker cb = breaker().slowCallThreshold(Duration.ofMillis(100)).build();

        Permit quick = cb.acquirePermission();
        ticker.advanceMillis(99);
        quick.onSuccess();
        Permit slow = cb.acquirePermission();
        ticker.advanceMillis(100);
        slow.onSuccess();

        assertThat(cb.stats().slowCalls()).isEqualTo(1);
    }

    @Test
    void aClosedHalfOpenProbeCountsAsAFailedProbe() throws Exception {
        CircuitBreaker cb = breaker().build();
        succeed(cb, 2);
        fail(cb, 2);
        ticker.advance(Duration.ofSeconds(10));

        cb.acquirePermission().close();

        assertThat(cb.state()).isEqualTo(State.OPEN);
    }

    @Test
    void anIgnoredHalfOpenPermitFreesTheProbeSlot() throws Exception {
        CircuitBreaker cb = breaker().build();
        succeed(cb, 2);
        fail(cb, 2);
        ticker.advance(Duration.ofSeconds(10));

        Permit first = cb.acquirePermission();
        assertThat(cb.tryAcquirePermission()).isEmpty();
        first.onIgnore();

        Permit second = cb.acquirePermission();
        second.onSuccess();
        assertThat(cb.state()).isEqualTo(State.CLOSED);
    }

    @RepeatedTest(20)
    void concurrentRecordsOfOnePermitCountOnce() throws Exception {
        CircuitBreaker cb = breaker().build();
        Permit permit = cb.acquirePermission();
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    switch (n % 4) {
                        case 0 -> permit.onSuccess();
                        case 1 -> permit.onFailure(new IOException("x"));
                        case 2 -> permit.onIgnore();
                        default -> permit.close();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        CircuitBreakerStats stats = cb.stats();
        assertThat(stats.successfulCalls() + stats.failedCalls() + stats.ignoredCalls()).isEqualTo(1);
    }
}
