package dev.resiliency.ratelimiter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resiliency.BackendFailureMode;
import dev.resiliency.BackendUnavailableException;
import dev.resiliency.RateLimitedException;
import dev.resiliency.internal.Futures;
import dev.resiliency.testing.FakeTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RateLimiterBackendTest {

    private final FakeTicker ticker = new FakeTicker();
    private final FakeBucket shared = new FakeBucket();

    private RateLimiter limiter(BackendFailureMode mode) {
        return RateLimiter.builder("api").rate(0.001).burstSize(2).ticker(ticker)
                .backend((name, rate, burstSize) -> shared).onBackendFailure(mode).build();
    }

    @Test
    void theSharedBucketDecidesWhileItAnswers() throws Exception {
        RateLimiter limiter = limiter(BackendFailureMode.LOCAL);

        for (int i = 0; i < 5; i++) {
            assertThat(limiter.call(() -> "ok")).isEqualTo("ok"); // beyond the local burst of 2
        }
        shared.answer = -5_000_000L;

        assertThatThrownBy(() -> limiter.call(() -> "no"))
                .isInstanceOfSatisfying(RateLimitedException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(5)));
        assertThat(limiter.stats()).isEqualTo(new RateLimiterStats(7.5, 0.001, 2, 5, 1, 0));
    }

    @Test
    void theBackendIsAskedOnceAtBuildForTheBucketOfThatName() {
        List<String> asked = new ArrayList<>();
        RateLimiter limiter = RateLimiter.builder("quota").rate(100).burstSize(10)
                .backend((name, rate, burstSize) -> {
                    asked.add(name + "/" + rate + "/" + burstSize);
                    return shared;
                }).build();

        limiter.tryAcquire(1);
        limiter.tryAcquire(1);

        assertThat(asked).containsExactly("quota/100.0/10");
        assertThat(limiter.sharedBucket()).containsSame(shared);
    }

    @Test
    void weightAndMaxWaitReachTheSharedBucket() throws Exception {
        RateLimiter limiter = RateLimiter.builder("api").rate(1).burstSize(5).maxWait(Duration.ofMillis(30))
                .backend((name, rate, burstSize) -> shared).build();

        limiter.call(3, () -> "ok");
        limiter.tryAcquire(2);

        assertThat(shared.requests).containsExactly("3/30000000", "2/0");
    }

    @Test
    void aWaitGrantedByTheSharedBucketIsSleptBeforeTheCall() throws Exception {
        List<Duration> slept = new ArrayList<>();
        RateLimiter limiter = RateLimiter.builder("api").rate(1).burstSize(5).maxWait(Duration.ofSeconds(1))
                .sleeper(slept::add).backend((name, rate, burstSize) -> shared).build();
        shared.answer = 250_000_000L;

        assertThat(limiter.call(() -> "late")).isEqualTo("late");
        assertThat(slept).containsExactly(Duration.ofMillis(250));
    }

    @Test
    void anUnreachableBackendFallsBackToTheLocalBucket() throws Exception {
        RateLimiter limiter = limiter(BackendFailureMode.LOCAL);
        shared.failure = new IllegalStateException("connection refused");

        assertThat(limiter.call(() -> 1)).isEqualTo(1);
        assertThat(limiter.tryAcquire(1)).isTrue();
        assertThat(limiter.tryAcquire(1)).isFalse(); // the local burst of 2 is spent

        assertThat(limiter.stats().backendFallbacks()).isEqualTo(3);
        assertThat(limiter.stats().availableTokens()).isZero(); // the local bucket's, as the fallback would grant
    }

    @Test
    void aBackendThatKnowsItIsDownIsNotCalled() {
        RateLimiter limiter = limiter(BackendFailureMode.LOCAL);
        shared.available = false;

        assertThat(limiter.tryAcquire(1)).isTrue();

        assertThat(shared.requests).isEmpty();
        assertThat(limiter.stats().backendFallbacks()).isEqualTo(1);
    }

    @Test
    void theSharedBucketDecidesAgainOnceItIsBack() {
        RateLimiter limiter = limiter(BackendFailureMode.LOCAL);
        shared.available = false;
        limiter.tryAcquire(1);
        limiter.tryAcquire(1);
        assertThat(limiter.tryAcquire(1)).isFalse();

        shared.available = true;

        assertThat(limiter.tryAcquire(1)).isTrue();
        assertThat(shared.requests).hasSize(1);
        assertThat(limiter.stats().backendFallbacks()).isEqualTo(3);
    }

    @Test
    void rejectModeRefusesEveryKindOfCallWhileTheBackendIsDown() {
        RateLimiter limiter = limiter(BackendFailureMode.REJECT);
        shared.failure = new IllegalStateException("timeout");
        AtomicInteger ran = new AtomicInteger();

        assertThatThrownBy(() -> limiter.call(ran::incrementAndGet))
                .isInstanceOf(BackendUnavailableException.class)
                .hasCause(shared.failure)
                .hasMessageContaining("'api'");
        assertThatThrownBy(() -> limiter.tryAcquire(1)).isInstanceOf(BackendUnavailableException.class);
        assertThatThrownBy(() -> limiter.acquire(1)).isInstanceOf(BackendUnavailableException.class);
        CompletableFuture<Integer> async = limiter.callAsync(() -> CompletableFuture.completedFuture(ran.incrementAndGet()));
        assertThat(async).failsWithin(Duration.ofSeconds(5))
                .withThrowableOfType(Exception.class)
                .havingCause().isInstanceOf(BackendUnavailableException.class);

        assertThat(ran).hasValue(0);
        assertThat(limiter.stats().backendFallbacks()).isEqualTo(4);
        assertThat(limiter.stats().permitted()).isZero();
    }

    @Test
    void callAsyncReservesOffTheCallersThreadAndStartsTheSupplierOnceGranted() {
        RateLimiter limiter = limiter(BackendFailureMode.LOCAL);
        shared.async = new CompletableFuture<>();
        AtomicInteger started = new AtomicInteger();

        CompletableFuture<String> result = limiter.callAsync(() -> {
            started.incrementAndGet();
            return CompletableFuture.completedFuture("done");
        });

        assertThat(result).isNotDone();
        assertThat(started).hasValue(0);
        shared.async.complete(0L);
        assertThat(result).isCompletedWithValue("done");
        assertThat(started).hasValue(1);
    }

    @Test
    void callAsyncIsRejectedWhenTheSharedBucketSaysSo() {
        RateLimiter limiter = limiter(BackendFailureMode.LOCAL);
        shared.async = CompletableFuture.completedFuture(-2_000_000L);

        CompletableFuture<String> result = limiter.callAsync(() -> CompletableFuture.completedFuture("no"));

        assertThat(result).isCompletedExceptionally();
        assertThat(Futures.unwrap(result.handle((v, e) -> e).join())).isInstanceOf(RateLimitedException.class);
        assertThat(limiter.stats().rejected()).isEqualTo(1);
    }

    @Test
    void callAsyncFallsBackLocallyWhenTheReservationFails() {
        RateLimiter limiter = limiter(BackendFailureMode.LOCAL);
        shared.async = CompletableFuture.failedFuture(new IllegalStateException("down"));

        CompletableFuture<String> result = limiter.callAsync(() -> CompletableFuture.completedFuture("local"));

        assertThat(result).isCompletedWithValue("local");
        assertThat(limiter.stats().backendFallbacks()).isEqualTo(1);
    }

    @Test
    void cancellingDuringTheReservationNeverStartsTheSupplier() {
        RateLimiter limiter = limiter(BackendFailureMode.LOCAL);
        shared.async = new CompletableFuture<>();
        AtomicInteger started = new AtomicInteger();

        CompletableFuture<String> result = limiter.callAsync(() -> {
            started.incrementAndGet();
            return CompletableFuture.completedFuture("never");
        });
        result.cancel(true);
        shared.async.complete(0L); // a reservation that completes anyway: its tokens stay spent

        assertThat(started).hasValue(0);
    }

    @Test
    void cancellingTheCallCancelsTheStageStartedAfterTheReservation() {
        RateLimiter limiter = limiter(BackendFailureMode.LOCAL);
        shared.async = new CompletableFuture<>();
        CompletableFuture<String> stage = new CompletableFuture<>();

        CompletableFuture<String> result = limiter.callAsync(() -> stage);
        shared.async.complete(0L);
        result.cancel(true);

        assertThat(stage).isCancelled();
    }

    @Test
    void resetFillsTheSharedBucket() {
        RateLimiter limiter = limiter(BackendFailureMode.LOCAL);

        limiter.reset();

        assertThat(shared.resets).hasValue(1);
    }

    @Test
    void aFailedSharedResetIsReportedAfterTheLocalBucketIsFilled() {
        RateLimiter limiter = limiter(BackendFailureMode.LOCAL);
        shared.failure = new IllegalStateException("down");
        limiter.tryAcquire(2); // drains the local bucket through the fallback

        assertThatThrownBy(limiter::reset).isInstanceOf(BackendUnavailableException.class).hasCause(shared.failure);
        assertThat(limiter.tryAcquire(2)).isTrue();
    }

    @Test
    void aLocalRateLimiterHasNoSharedBucketAndNoFallbacks() {
        RateLimiter limiter = RateLimiter.builder("local").rate(1).burstSize(1).build();

        assertThat(limiter.sharedBucket()).isEmpty();
        assertThat(limiter.onBackendFailure()).isEqualTo(BackendFailureMode.LOCAL);
        assertThat(limiter.stats().backendFallbacks()).isZero();
    }

    @Test
    void backendOptionsRejectNull() {
        assertThatThrownBy(() -> RateLimiter.builder("x").backend(null))
                .isInstanceOf(NullPointerException.class).hasMessage("backend must not be null");
        assertThatThrownBy(() -> RateLimiter.builder("x").onBackendFailure(null))
                .isInstanceOf(NullPointerException.class).hasMessage("onBackendFailure must not be null");
        assertThatThrownBy(() -> RateLimiter.builder("x").rate(1).burstSize(1).backend((n, r, b) -> null).build())
                .isInstanceOf(NullPointerException.class).hasMessage("backend bucket must not be null");
    }

    /** A shared bucket whose answers the test sets. */
    static final class FakeBucket implements SharedBucket {
        volatile boolean available = true;
        volatile long answer;
        volatile RuntimeException failure;
        volatile CompletableFuture<Long> async;
        final List<String> requests = new ArrayList<>();
        final AtomicInteger resets = new AtomicInteger();

        @Override
        public boolean isAvailable() {
            return available;
        }

        @Override
        public synchronized long reserve(int weight, long allowanceNanos) {
            requests.add(weight + "/" + allowanceNanos);
            if (failure != null) {
                throw failure;
            }
            return answer;
        }

        @Override
        public CompletableFuture<Long> reserveAsync(int weight, long allowanceNanos) {
            return async != null ? async : SharedBucket.super.reserveAsync(weight, allowanceNanos);
        }

        @Override
        public double availableTokens() {
            if (failure != null) {
                throw failure;
            }
            return 7.5;
        }

        @Override
        public void reset() {
            resets.incrementAndGet();
            if (failure != null) {
                throw failure;
            }
        }
    }
}
