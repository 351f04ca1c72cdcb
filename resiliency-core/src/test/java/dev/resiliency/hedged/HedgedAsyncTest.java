package dev.resiliency.hedged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.resiliency.ResiliencyTimeoutException;
import dev.resiliency.hedged.HedgedEvent.Completed;
import dev.resiliency.internal.Futures;
import dev.resiliency.testing.FakeScheduler;
import dev.resiliency.testing.FakeTicker;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The non-blocking path on a fake clock: timers fire when the test advances the {@link FakeScheduler}. */
class HedgedAsyncTest {

    private final FakeTicker ticker = new FakeTicker();
    private final FakeScheduler scheduler = new FakeScheduler(ticker);
    private final List<CompletableFuture<String>> stages = new ArrayList<>();
    private final List<HedgedEvent> events = new CopyOnWriteArrayList<>();

    /** Each copy is a new pending future the test completes by hand. */
    private final Supplier<CompletionStage<String>> pending = () -> {
        CompletableFuture<String> stage = new CompletableFuture<>();
        stages.add(stage);
        return stage;
    };

    private Hedged.Builder builder() {
        return Hedged.builder("async").ticker(ticker).scheduler(scheduler).executor(Runnable::run);
    }

    private Hedged listen(Hedged hedged) {
        hedged.events().subscribe(events::add);
        return hedged;
    }

    private Hedged fixed(long delayMs, int maxRequests) {
        return listen(builder().delay(Duration.ofMillis(delayMs)).maxRequests(maxRequests).build());
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        return Futures.unwrap(catchThrowable(future::join));
    }

    private Completed completed() {
        return events.stream().filter(Completed.class::isInstance).map(Completed.class::cast).findFirst().orElseThrow();
    }

    @Test
    void returnsAtOnceAndHedgesAfterTheDelay() {
        Hedged hedged = fixed(100, 2);

        CompletableFuture<String> result = hedged.callAsync(pending);

        assertThat(result).isNotDone();
        assertThat(stages).hasSize(1);
        scheduler.advance(Duration.ofMillis(99));
        assertThat(stages).hasSize(1);
        scheduler.advance(Duration.ofMillis(1));
        assertThat(stages).hasSize(2);

        stages.get(1).complete("fast");

        assertThat(result).isCompletedWithValue("fast");
        assertThat(stages.get(0)).isCancelled();
        assertThat(scheduler.pending()).as("hedge and deadline timers cancelled").isZero();
        assertThat(completed()).isEqualTo(new Completed("async", true, 2, true, Duration.ofMillis(100)));
    }

    @Test
    void originalWinningCancelsTheHedge() {
        Hedged hedged = fixed(100, 2);
        CompletableFuture<String> result = hedged.callAsync(pending);
        scheduler.advance(Duration.ofMillis(100));

        stages.get(0).complete("original");

        assertThat(result).isCompletedWithValue("original");
        assertThat(stages.get(1)).isCancelled();
        assertThat(completed().hedgeWon()).isFalse();
        assertThat(hedged.stats().hedgedRequests()).isEqualTo(1);
        assertThat(hedged.stats().hedgeWon()).isZero();
    }

    @Test
    void delayRestartsAfterEveryEvent() {
        Hedged hedged = fixed(100, 3);
        hedged.callAsync(pending);
        scheduler.advance(Duration.ofMillis(100));
        assertThat(stages).hasSize(2);
        scheduler.advance(Duration.ofMillis(50));

        stages.get(1).completeExceptionally(new IOException("hedge failed")); // the original is still in flight

        scheduler.advance(Duration.ofMillis(99));
        assertThat(stages).as("not at a fixed 200 ms").hasSize(2);
        scheduler.advance(Duration.ofMillis(1));
        assertThat(stages).as("100 ms after the last event").hasSize(3);
    }

    @Test
    void timeoutCancelsEveryCopy() {
        Hedged hedged = listen(builder().delay(Duration.ofSeconds(5)).timeout(Duration.ofMillis(50)).maxRequests(3).build());
        CompletableFuture<String> result = hedged.callAsync(pending);

        scheduler.advance(Duration.ofMillis(50));

        assertThat(failureOf(result)).isInstanceOf(ResiliencyTimeoutException.class);
        assertThat(stages).hasSize(1);
        assertThat(stages.get(0)).isCancelled();
        assertThat(scheduler.pending()).isZero();
        assertThat(completed()).isEqualTo(new Completed("async", false, 1, false, Duration.ofMillis(50)));
    }

    @Test
    void zeroDelayFiresAllCopiesAtOnce() {
        Hedged hedged = fixed(0, 5);

        CompletableFuture<String> result = hedged.callAsync(pending);

        assertThat(stages).hasSize(5);
        stages.get(3).complete("done");
        assertThat(result).isCompletedWithValue("done");
        assertThat(stages).filteredOn(CompletableFuture::isCancelled).hasSize(4);
    }

    @Test
    void nonFatalFailuresCascadeWithoutWaiting() {
        Hedged hedged = listen(builder().delay(Duration.ofSeconds(5)).maxRequests(5)
                .nonFatal(IOException.class::isInstance).build());
        int[] calls = {0};

        CompletableFuture<String> result = hedged.callAsync(() -> ++calls[0] < 4
                ? CompletableFuture.failedFuture(new IOException("retriable"))
                : CompletableFuture.completedFuture("finally"));

        assertThat(result).isCompletedWithValue("finally");
        assertThat(completed()).isEqualTo(new Completed("async", true, 4, true, Duration.ZERO));
    }

    @Test
    void allCopiesFailingFailWithTheMostRecentFailure() {
        Hedged hedged = fixed(10, 3);
        CompletableFuture<String> result = hedged.callAsync(pending);
        IOException first = new IOException("first");
        IOException second = new IOException("second");
        IOException third = new IOException("third");

        stages.get(0).completeExceptionally(first);
        stages.get(1).completeExceptionally(second);
        stages.get(2).completeExceptionally(third);

        assertThat(failureOf(result)).isSameAs(third);
        assertThat(third.getSuppressed()).containsExactly(first, second);
    }

    @Test
    void supplierThrowingIsAFailureOfThatCopy() {
        Hedged hedged = fixed(5000, 2);
        int[] calls = {0};

        CompletableFuture<String> result = hedged.callAsync(() -> {
            if (calls[0]++ == 0) {
                throw new IllegalStateException("could not even start");
            }
            return CompletableFuture.completedFuture("second copy");
        });

        assertThat(result).isCompletedWithValue("second copy");
    }

    @Test
    void cancellingTheResultCancelsCopiesAndTimersAndIsNotRecorded() {
        Hedged hedged = fixed(100, 3);
        CompletableFuture<String> result = hedged.callAsync(pending);
        scheduler.advance(Duration.ofMillis(100));

        result.cancel(true);

        assertThat(stages).hasSize(2).allMatch(CompletableFuture::isCancelled);
        assertThat(scheduler.pending()).isZero();
        scheduler.advance(Duration.ofSeconds(10));
        assertThat(stages).hasSize(2);
        assertThat(hedged.stats().totalRequests()).isZero();
    }

    @Test
    void onHedgeThrowingFailsTheCallAndCancelsEveryCopy() {
        IllegalStateException boom = new IllegalStateException("onHedge failed");
        Hedged hedged = builder().delay(Duration.ofMillis(10)).onHedge(attempt -> {
            throw boom;
        }).build();
        CompletableFuture<String> result = hedged.callAsync(pending);

        scheduler.advance(Duration.ofMillis(10));

        assertThat(failureOf(result)).isSameAs(boom);
        assertThat(stages).hasSize(1);
        assertThat(stages.get(0)).isCancelled();
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    void errorFromACopyFailsTheCallAtOnce() {
        Hedged hedged = fixed(0, 3);
        CompletableFuture<String> result = hedged.callAsync(pending);
        AssertionError error = new AssertionError("bug");

        stages.get(1).completeExceptionally(error);

        assertThat(failureOf(result)).isSameAs(error);
        assertThat(stages.get(0)).isCancelled();
        assertThat(stages.get(2)).isCancelled();
    }

    @Test
    void deadlineIsCheckedBeforeFiringWhenNothingIsInFlight() {
        Hedged hedged = builder().delay(Duration.ofSeconds(1)).timeout(Duration.ofSeconds(2)).build();
        CompletableFuture<String> result = hedged.callAsync(pending);
        IOException late = new IOException("late");

        ticker.advance(Duration.ofSeconds(3)); // time passes, but the deadline timer has not run yet
        stages.get(0).completeExceptionally(late);

        Throwable failure = failureOf(result);
        assertThat(failure).isInstanceOf(ResiliencyTimeoutException.class);
        assertThat(failure.getSuppressed()).containsExactly(late);
        assertThat(stages).hasSize(1);
    }

    @Test
    void timersHandTheirWorkToTheExecutor() {
        List<Runnable> queued = new ArrayList<>();
        Hedged hedged = builder().executor(queued::add).delay(Duration.ofMillis(10)).build();
        hedged.callAsync(pending);

        scheduler.advance(Duration.ofMillis(10));

        assertThat(stages).as("nothing ran on the scheduler's thread").hasSize(1);
        assertThat(queued).hasSize(1);
        queued.get(0).run();
        assertThat(stages).hasSize(2);
    }

    @Test
    void aCopyAlreadyCompletedByTheSupplierWinsAtOnce() {
        Hedged hedged = fixed(10, 2);

        CompletableFuture<String> result = hedged.callAsync(() -> CompletableFuture.completedFuture("now"));

        assertThat(result).isCompletedWithValue("now");
        assertThat(scheduler.pending()).isZero();
    }
}
