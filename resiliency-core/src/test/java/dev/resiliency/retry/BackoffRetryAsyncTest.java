package dev.resiliency.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resiliency.testing.FakeScheduler;
import dev.resiliency.testing.FakeTicker;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** {@code callAsync}: waits on the scheduler, same decisions as the sync path, cancellation. */
class BackoffRetryAsyncTest {

    private final FakeTicker ticker = new FakeTicker();
    private final FakeScheduler scheduler = new FakeScheduler(ticker);
    private final List<RetryEvent> events = new CopyOnWriteArrayList<>();

    private BackoffRetry.Builder retry() {
        return BackoffRetry.builder("async").ticker(ticker).scheduler(scheduler).executor(Runnable::run);
    }

    private BackoffRetry listened(BackoffRetry retry) {
        retry.events().subscribe(events::add);
        return retry;
    }

    /** Returns futures the test completes by hand, one per attempt. */
    private static final class Attempts implements Supplier<CompletionStage<String>> {
        final List<CompletableFuture<String>> futures = new CopyOnWriteArrayList<>();

        @Override
        public CompletionStage<String> get() {
            CompletableFuture<String> future = new CompletableFuture<>();
            futures.add(future);
            return future;
        }

        CompletableFuture<String> last() {
            return futures.get(futures.size() - 1);
        }

        int count() {
            return futures.size();
        }
    }

    /** Fails {@code failures} times with a new IOException (asynchronously completed futures), then "ok". */
    private static final class Flaky implements Supplier<CompletionStage<String>> {
        final int failures;
        final List<IOException> thrown = new ArrayList<>();
        int calls;

        Flaky(int failures) {
            this.failures = failures;
        }

        @Override
        public CompletionStage<String> get() {
            if (++calls <= failures) {
                IOException e = new IOException("failure " + calls);
                thrown.add(e);
                return CompletableFuture.failedFuture(e);
            }
            return CompletableFuture.completedFuture("ok");
        }
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        assertThat(future).isCompletedExceptionally();
        try {
            future.get();
            throw new AssertionError("not failed");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException | CancellationException e) {
            return e;
        }
    }

    @Test
    void firstAttemptSuccessSchedulesNothing() {
        BackoffRetry retry = listened(retry().build());
        CompletableFuture<String> result = retry.callAsync(() -> CompletableFuture.completedFuture("ok"));
        assertThat(result).isCompletedWithValue("ok");
        assertThat(scheduler.requestedDelays()).isEmpty();
        assertThat(events).containsExactly(
                new RetryEvent.Finished("async", RetryOutcome.SUCCESS_WITHOUT_RETRY, 1, null));
    }

    @Test
    void neverBlocksTheCaller() {
        Attempts attempts = new Attempts();
        CompletableFuture<String> result = retry().build().callAsync(attempts);
        assertThat(result).isNotDone();
        attempts.last().complete("later");
        assertThat(result).isCompletedWithValue("later");
    }

    @Test
    void waitsOnTheSchedulerWithTheBackoffDelays() {
        Attempts attempts = new Attempts();
        CompletableFuture<String> result = retry().maxAttempts(4).build().callAsync(attempts);

        attempts.last().completeExceptionally(new IOException("1"));
        assertThat(scheduler.requestedDelays()).containsExactly(Duration.ofMillis(100));
        assertThat(attempts.count()).isEqualTo(1);
        scheduler.advance(Duration.ofMillis(99));
        assertThat(attempts.count()).isEqualTo(1);
        scheduler.advance(Duration.ofMillis(1));
        assertThat(attempts.count()).isEqualTo(2);

        attempts.last().completeExceptionally(new IOException("2"));
        scheduler.advance(Duration.ofMillis(200));
        attempts.last().complete("ok");
        assertThat(result).isCompletedWithValue("ok");
        assertThat(scheduler.requestedDelays()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void exhaustionFailsWithTheLastFailureUnwrapped() {
        Flaky flaky = new Flaky(Integer.MAX_VALUE);
        BackoffRetry retry = listened(retry().maxAttempts(5).build());
        CompletableFuture<String> result = retry.callAsync(flaky);
        scheduler.runAll();
        assertThat(failureOf(result)).isSameAs(flaky.thrown.get(4));
        assertThat(flaky.calls).isEqualTo(5);
        assertThat(scheduler.requestedDelays()).hasSize(4);
        assertThat(events.get(events.size() - 1))
                .isEqualTo(new RetryEvent.Finished("async", RetryOutcome.FAILURE_WITH_RETRY, 5, flaky.thrown.get(4)));
    }

    @Test
    void succeedsAfterRetries() {
        Flaky flaky = new Flaky(2);
        BackoffRetry retry = retry().build();
        CompletableFuture<String> result = retry.callAsync(flaky);
        scheduler.runAll();
        assertThat(result).isCompletedWithValue("ok");
        assertThat(retry.stats()).isEqualTo(new RetryStats(0, 1, 0, 0, 0, 3));
    }

    @Test
    void supplierThrowingIsAFailureToRetry() {
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<String> result = retry().build().callAsync(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("sync failure");
            }
            return CompletableFuture.completedFuture("ok");
        });
        scheduler.runAll();
        assertThat(result).isCompletedWithValue("ok");
    }

    @Test
    void exceptionNotMatchingRetryIfFailsAtOnce() {
        IllegalStateException permanent = new IllegalStateException();
        CompletableFuture<String> result = retry().retryIf(e -> e instanceof IOException).build()
                .callAsync(() -> CompletableFuture.failedFuture(permanent));
        assertThat(failureOf(result)).isSameAs(permanent);
        assertThat(scheduler.requestedDelays()).isEmpty();
    }

    @Test
    void retryIfSeesTheUnwrappedFailure() {
        IOException cause = new IOException();
        List<Throwable> seen = new ArrayList<>();
        retry().maxAttempts(2).retryIf(seen::add).build().callAsync(() -> CompletableFuture.supplyAsync(() -> {
            throw new java.util.concurrent.CompletionException(cause);
        }, Runnable::run));
        assertThat(seen).containsExactly(cause);
    }

    @Test
    void abortFailsAtOnceWithTheCause() {
        IOException fatal = new IOException("fatal");
        BackoffRetry retry = listened(retry().build());
        CompletableFuture<String> result = retry.callAsync(
                () -> CompletableFuture.failedFuture(BackoffRetry.abort(fatal)));
        assertThat(failureOf(result)).isSameAs(fatal);
        assertThat(scheduler.requestedDelays()).isEmpty();
        assertThat(events).containsExactly(new RetryEvent.Finished("async", RetryOutcome.ABORTED, 1, fatal));
    }

    @Test
    void abortThrownBySupplierFailsAtOnceWithTheCause() {
        IOException fatal = new IOException("fatal");
        CompletableFuture<String> result = retry().build().callAsync(() -> {
            throw BackoffRetry.abort(fatal);
        });
        assertThat(failureOf(result)).isSameAs(fatal);
    }

    @Test
    void errorsAreNotRetried() {
        AssertionError error = new AssertionError("bug");
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<String> result = retry().build().callAsync(() -> {
            calls.incrementAndGet();
            return CompletableFuture.failedFuture(error);
        });
        assertThat(failureOf(result)).isSameAs(error);
        assertThat(calls).hasValue(1);
    }

    @Test
    void rejectedResultsAreRetriedAndTheLastOneReturned() {
        AtomicInteger calls = new AtomicInteger();
        BackoffRetry retry = retry().retryOnResult(v -> ((Integer) v) < 100).build();
        CompletableFuture<Integer> result = retry.callAsync(
                () -> CompletableFuture.completedFuture(calls.incrementAndGet()));
        scheduler.runAll();
        assertThat(result).isCompletedWithValue(3);
        assertThat(retry.stats().failureWithRetry()).isEqualTo(1);
    }

    @Test
    void budgetStopsBeforeAWaitThatWouldEndAfterTheDeadline() {
        Flaky flaky = new Flaky(Integer.MAX_VALUE);
        CompletableFuture<String> result = retry().maxAttempts(20).backoff(BackoffType.CONSTANT)
                .baseDelay(Duration.ofMillis(1000)).budget(Duration.ofMillis(3000)).build().callAsync(flaky);
        scheduler.runAll();
        assertThat(failureOf(result)).isSameAs(flaky.thrown.get(3));
        assertThat(scheduler.requestedDelays()).hasSize(3);
    }

    @Test
    void eventThenOnRetryThenScheduleInThatOrder() {
        List<String> order = new CopyOnWriteArrayList<>();
        BackoffRetry retry = BackoffRetry.builder("async").maxAttempts(2).executor(Runnable::run)
                .scheduler((task, delay) -> {
                    order.add("schedule " + delay.toMillis());
                    task.run();
                    return CompletableFuture.completedFuture(null);
                })
                .onRetry((attempt, delay, error, result) -> order.add("onRetry " + attempt)).build();
        retry.events().subscribe(event -> order.add(event.getClass().getSimpleName()));
        retry.callAsync(new Flaky(Integer.MAX_VALUE));
        assertThat(order).containsExactly("Retrying", "onRetry 1", "schedule 100", "Finished");
    }

    @Test
    void retriesStartOnTheExecutorNotOnTheTimer() {
        List<Runnable> handedOver = new ArrayList<>();
        Executor executor = handedOver::add;
        Flaky flaky = new Flaky(1);
        CompletableFuture<String> result = retry().executor(executor).build().callAsync(flaky);
        scheduler.runAll();
        assertThat(flaky.calls).isEqualTo(1);
        assertThat(handedOver).hasSize(1);
        handedOver.get(0).run();
        assertThat(result).isCompletedWithValue("ok");
    }

    @Test
    void executorRejectionFailsTheCall() {
        RejectedExecutionException rejected = new RejectedExecutionException("shut down");
        CompletableFuture<String> result = retry().executor(task -> {
            throw rejected;
        }).build().callAsync(new Flaky(1));
        scheduler.runAll();
        assertThat(failureOf(result)).isSameAs(rejected);
    }

    @Test
    void failingOnRetryFailsTheCall() {
        IllegalStateException broken = new IllegalStateException("listener bug");
        CompletableFuture<String> result = retry().onRetry((a, d, e, r) -> {
            throw broken;
        }).build().callAsync(new Flaky(1));
        assertThat(failureOf(result)).isSameAs(broken);
        assertThat(scheduler.requestedDelays()).isEmpty();
    }

    // ---- cancellation ----

    @Test
    void cancellingDuringTheWaitCancelsTheTimerAndStopsAttempts() {
        Flaky flaky = new Flaky(Integer.MAX_VALUE);
        BackoffRetry retry = listened(retry().build());
        CompletableFuture<String> result = retry.callAsync(flaky);
        assertThat(scheduler.pending()).isEqualTo(1);

        result.cancel(true);
        assertThat(scheduler.pending()).isZero();
        scheduler.runAll();
        assertThat(flaky.calls).isEqualTo(1);
        assertThat(retry.stats()).isEqualTo(new RetryStats(0, 0, 1, 0, 0, 1));
        assertThat(events.get(events.size() - 1)).isInstanceOfSatisfying(RetryEvent.Finished.class,
                finished -> assertThat(finished.error()).isInstanceOf(CancellationException.class));
    }

    @Test
    void cancellingDuringAnAttemptCancelsItsFuture() {
        Attempts attempts = new Attempts();
        BackoffRetry retry = retry().build();
        CompletableFuture<String> result = retry.callAsync(attempts);
        attempts.last().completeExceptionally(new IOException());
        scheduler.runAll();
        assertThat(attempts.count()).isEqualTo(2);

        result.cancel(true);
        assertThat(attempts.last()).isCancelled();
        scheduler.runAll();
        assertThat(attempts.count()).isEqualTo(2);
        assertThat(scheduler.pending()).isZero();
        assertThat(retry.stats()).isEqualTo(new RetryStats(0, 0, 0, 1, 0, 2));
    }

    @Test
    void timingOutTheReturnedFutureStopsAttemptsToo() {
        Attempts attempts = new Attempts();
        CompletableFuture<String> result = retry().build().callAsync(attempts);
        result.completeExceptionally(new java.util.concurrent.TimeoutException());
        assertThat(attempts.last()).isCancelled();
        scheduler.runAll();
        assertThat(attempts.count()).isEqualTo(1);
    }

    @Test
    void worksWithTheDefaultSchedulerAndExecutor() throws Exception {
        Flaky flaky = new Flaky(2);
        CompletableFuture<String> result = BackoffRetry.builder("real").baseDelay(Duration.ofMillis(1)).build()
                .callAsync(flaky);
        assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("ok");
        assertThatThrownBy(() -> BackoffRetry.builder("real").baseDelay(Duration.ofMillis(1)).build()
                .callAsync(() -> CompletableFuture.failedFuture(new IOException("down"))).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IOException.class);
    }
}
