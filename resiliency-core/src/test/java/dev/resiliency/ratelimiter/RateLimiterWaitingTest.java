package dev.resiliency.ratelimiter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resiliency.RateLimitedException;
import dev.resiliency.Sleeper;
import dev.resiliency.internal.Futures;
import dev.resiliency.testing.FakeScheduler;
import dev.resiliency.testing.FakeSleeper;
import dev.resiliency.testing.FakeTicker;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** maxWait: reserving tokens that will exist soon, and waiting for them with the Sleeper or the Scheduler. */
class RateLimiterWaitingTest {

    private final FakeTicker ticker = new FakeTicker();
    private final FakeSleeper advancingSleeper = new FakeSleeper(ticker);
    private final FakeScheduler scheduler = new FakeScheduler(ticker);

    private RateLimiter limiter(double rate, int burstSize, Duration maxWait, Sleeper sleeper) {
        return RateLimiter.builder("api").rate(rate).burstSize(burstSize).maxWait(maxWait)
                .ticker(ticker).sleeper(sleeper).scheduler(scheduler).build();
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        assertThat(future).isCompletedExceptionally();
        try {
            future.get(0, TimeUnit.SECONDS);
        } catch (Exception e) {
            return Futures.unwrap(e);
        }
        throw new AssertionError("not failed");
    }

    @Test
    void aCallWaitsForTokensThatWillExistWithinMaxWait() throws Exception {
        RateLimiter limiter = limiter(1.0, 1, Duration.ofSeconds(2), advancingSleeper);
        limiter.call(() -> "first");
        long before = ticker.read();

        Object result = limiter.call(() -> ticker.read());

        assertThat(advancingSleeper.sleeps()).containsExactly(Duration.ofSeconds(1));
        assertThat(result).isEqualTo(before + 1_000_000_000L);
        assertThat(limiter.stats().permitted()).isEqualTo(2);
    }

    @Test
    void reservationsAreServedInOrderAndACallThatWouldWaitTooLongReservesNothing() throws Exception {
        FakeSleeper sleeper = new FakeSleeper(); // time stands still: every reservation stacks up
        RateLimiter limiter = limiter(1.0, 1, Duration.ofSeconds(2), sleeper);

        limiter.call(() -> "now");
        limiter.call(() -> "in 1 s");
        limiter.call(() -> "in 2 s");
        assertThat(sleeper.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));

        RateLimitedException tooLong = (RateLimitedException) org.assertj.core.api.Assertions
                .catchThrowable(() -> limiter.call(() -> "in 3 s"));
        assertThat(tooLong.retryAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThatThrownBy(() -> limiter.call(() -> "again"))
                .isInstanceOfSatisfying(RateLimitedException.class,
                        e -> assertThat(e.retryAfter()).as("the rejected call took nothing").isEqualTo(Duration.ofSeconds(3)));
    }

    @Test
    void aWaitOfExactlyMaxWaitIsAllowed() throws Exception {
        RateLimiter limiter = limiter(1.0, 1, Duration.ofSeconds(1), advancingSleeper);
        limiter.call(() -> "first");

        assertThat(limiter.call(() -> "second")).isEqualTo("second");
        assertThat(advancingSleeper.sleeps()).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void waitsWithSubMillisecondPrecision() throws Exception {
        RateLimiter limiter = limiter(10_000.0, 1, Duration.ofMillis(1), advancingSleeper);
        limiter.call(() -> "first");

        limiter.call(() -> "second");

        assertThat(advancingSleeper.sleeps()).containsExactly(Duration.ofNanos(100_000));
    }

    @Test
    void withoutMaxWaitNothingEverSleeps() {
        RateLimiter limiter = limiter(1.0, 1, Duration.ZERO, advancingSleeper);
        limiter.tryAcquire(1);

        assertThatThrownBy(() -> limiter.call(() -> "x")).isInstanceOf(RateLimitedException.class);
        assertThat(advancingSleeper.sleeps()).isEmpty();
    }

    @Test
    void tryAcquireNeverWaitsEvenWithAMaxWait() {
        RateLimiter limiter = limiter(1.0, 1, Duration.ofSeconds(5), advancingSleeper);
        assertThat(limiter.tryAcquire(1)).isTrue();

        assertThat(limiter.tryAcquire(1)).isFalse();
        assertThat(advancingSleeper.sleeps()).isEmpty();
    }

    @Test
    void anInterruptedWaitThrowsInterruptedExceptionAndTheReservedTokensStaySpent() throws Exception {
        List<Duration> sleeps = new CopyOnWriteArrayList<>();
        Sleeper interruptedOnce = duration -> {
            sleeps.add(duration);
            if (sleeps.size() == 1) {
                throw new InterruptedException("stop");
            }
        };
        RateLimiter limiter = limiter(1.0, 1, Duration.ofSeconds(5), interruptedOnce);
        limiter.tryAcquire(1);
        AtomicInteger ran = new AtomicInteger();

        assertThatThrownBy(() -> limiter.call(ran::incrementAndGet)).isInstanceOf(InterruptedException.class);

        assertThat(Thread.interrupted()).as("flag restored (and cleared here)").isTrue();
        assertThat(ran).hasValue(0);
        assertThat(limiter.stats().permitted()).isOne();
        limiter.call(ran::incrementAndGet);
        assertThat(sleeps).as("the next call queues behind the abandoned reservation")
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(ran).hasValue(1);
    }

    @Test
    void acquireWaitsOutItsReservationEvenIfInterruptedAndRestoresTheFlag() {
        List<Duration> sleeps = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        Sleeper interruptedOnce = duration -> {
            sleeps.add(duration);
            if (calls.getAndIncrement() == 0) {
                ticker.advanceMillis(300);
                throw new InterruptedException();
            }
            ticker.advance(duration);
        };
        RateLimiter limiter = limiter(1.0, 1, Duration.ofSeconds(5), interruptedOnce);
        limiter.acquire(1);
        long start = ticker.read();

        limiter.acquire(1);

        assertThat(Thread.interrupted()).isTrue();
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofMillis(700));
        assertThat(ticker.read() - start).isEqualTo(1_000_000_000L);
        assertThat(limiter.stats().permitted()).isEqualTo(2);
    }

    @Test
    void acquireRejectsWhenTheWaitWouldExceedMaxWait() {
        RateLimiter limiter = limiter(1.0, 2, Duration.ofMillis(500), advancingSleeper);
        limiter.acquire(2);

        assertThatThrownBy(() -> limiter.acquire(1))
                .isInstanceOfSatisfying(RateLimitedException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(1)));
        assertThat(advancingSleeper.sleeps()).isEmpty();
    }

    @Test
    void permittedIsPublishedAfterTheWait() throws Exception {
        List<String> timeline = new CopyOnWriteArrayList<>();
        Sleeper recording = duration -> {
            timeline.add("slept " + duration.toMillis());
            ticker.advance(duration);
        };
        RateLimiter limiter = limiter(2.0, 1, Duration.ofSeconds(1), recording);
        limiter.tryAcquire(1);
        limiter.events().subscribe(e -> timeline.add(e.toString()));

        limiter.call(() -> timeline.add("ran"));

        assertThat(timeline).containsExactly("slept 500", new RateLimiterEvent.Permitted("api", 1).toString(), "ran");
    }

    // --- async ---

    @Test
    void anAsyncCallWithTokensStartsAtOnce() throws Exception {
        RateLimiter limiter = limiter(1.0, 1, Duration.ZERO, advancingSleeper);

        CompletableFuture<String> result = limiter.callAsync(() -> CompletableFuture.completedFuture("now"));

        assertThat(result.get()).isEqualTo("now");
        assertThat(scheduler.requestedDelays()).isEmpty();
    }

    @Test
    void anAsyncCallWithoutTokensFailsWithRateLimited() {
        RateLimiter limiter = limiter(1.0, 1, Duration.ZERO, advancingSleeper);
        limiter.tryAcquire(1);
        AtomicInteger started = new AtomicInteger();

        CompletableFuture<Object> result = limiter.callAsync(() -> {
            started.incrementAndGet();
            return new CompletableFuture<>();
        });

        assertThat(failureOf(result)).isInstanceOfSatisfying(RateLimitedException.class,
                e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(1)));
        assertThat(started).hasValue(0);
    }

    @Test
    void anAsyncCallWaitsOnTheSchedulerNotOnAThread() throws Exception {
        Sleeper forbidden = duration -> {
            throw new AssertionError("an async call must not sleep");
        };
        RateLimiter limiter = limiter(1.0, 1, Duration.ofSeconds(2), forbidden);
        limiter.tryAcquire(1);
        AtomicInteger started = new AtomicInteger();

        CompletableFuture<String> result = limiter.callAsync(() -> {
            started.incrementAndGet();
            return CompletableFuture.completedFuture("later");
        });

        assertThat(scheduler.requestedDelays()).containsExactly(Duration.ofSeconds(1));
        scheduler.advance(Duration.ofMillis(999));
        assertThat(started).hasValue(0);
        scheduler.advance(Duration.ofMillis(1));
        assertThat(started).hasValue(1);
        assertThat(result.get()).isEqualTo("later");
        assertThat(limiter.stats().permitted()).isEqualTo(2);
    }

    @Test
    void cancellingAnAsyncCallDuringItsWaitCancelsTheTimerButTheTokensStaySpent() {
        RateLimiter limiter = limiter(1.0, 1, Duration.ofSeconds(5), advancingSleeper);
        limiter.tryAcquire(1);
        AtomicInteger started = new AtomicInteger();
        CompletableFuture<Object> result = limiter.callAsync(() -> {
            started.incrementAndGet();
            return new CompletableFuture<>();
        });

        result.cancel(true);

        assertThat(scheduler.pending()).isZero();
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(started).hasValue(0);
        assertThat(limiter.tryAcquire(1)).as("the reservation was final").isFalse();
    }

    @Test
    void cancellingAnAsyncCallAfterItStartedCancelsItsStage() {
        RateLimiter limiter = limiter(1.0, 1, Duration.ofSeconds(5), advancingSleeper);
        limiter.tryAcquire(1);
        CompletableFuture<String> work = new CompletableFuture<>();
        CompletableFuture<String> result = limiter.callAsync(() -> work);
        scheduler.advance(Duration.ofSeconds(1));

        result.cancel(true);

        assertThat(work).isCancelled();
    }

    @Test
    void theFailureOfADelayedStageArrivesUnwrapped() {
        RateLimiter limiter = limiter(1.0, 1, Duration.ofSeconds(5), advancingSleeper);
        limiter.tryAcquire(1);
        IOException boom = new IOException("boom");
        CompletableFuture<String> result = limiter.callAsync(() -> CompletableFuture.failedFuture(boom));

        scheduler.advance(Duration.ofSeconds(1));

        assertThat(failureOf(result)).isSameAs(boom);
    }

    @Test
    void aSchedulerThatRefusesTheWaitFailsTheFutureInsteadOfThrowing() {
        java.util.concurrent.RejectedExecutionException refused = new java.util.concurrent.RejectedExecutionException("shut down");
        RateLimiter limiter = RateLimiter.builder("api").rate(1.0).burstSize(1).maxWait(Duration.ofSeconds(5))
                .ticker(ticker).scheduler((task, delay) -> {
                    throw refused;
                }).build();
        limiter.tryAcquire(1);

        assertThat(failureOf(limiter.callAsync(CompletableFuture::new))).isSameAs(refused);
    }

    @Test
    void aSupplierThatThrowsFailsTheFuture() {
        RateLimiter limiter = limiter(1.0, 1, Duration.ZERO, advancingSleeper);
        IllegalStateException boom = new IllegalStateException("boom");

        CompletableFuture<Object> result = limiter.callAsync(() -> {
            throw boom;
        });

        assertThat(failureOf(result)).isSameAs(boom);
    }
}
