package dev.resiliency.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resiliency.testing.FakeScheduler;
import dev.resiliency.testing.FakeTicker;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Behaviours the mutation run showed no test pinned down. */
class RetryMutationKillersTest {

    @Test
    void aCallThatThrowsInterruptedExceptionCountsAsAFailureAndIsNotRetried() {
        BackoffRetry retry = BackoffRetry.builder("r").sleeper(d -> { }).build();
        InterruptedException interrupted = new InterruptedException("stop");
        try {
            assertThatThrownBy(() -> retry.call(() -> {
                throw interrupted;
            })).isSameAs(interrupted);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(retry.stats().failureWithoutRetry()).isOne();
        assertThat(retry.stats().attempts()).isOne();
    }

    @Test
    void cancellingTheCallFromOnRetryCancelsTheTimerOfTheNextAttempt() {
        FakeTicker ticker = new FakeTicker();
        FakeScheduler scheduler = new FakeScheduler(ticker);
        AtomicReference<CompletableFuture<String>> result = new AtomicReference<>();
        BackoffRetry retry = BackoffRetry.builder("r").scheduler(scheduler).executor(Runnable::run)
                .onRetry((attempt, delay, error, value) -> result.get().cancel(true))
                .build();
        CompletableFuture<String> firstAttempt = new CompletableFuture<>();
        result.set(retry.callAsync(() -> firstAttempt));
        firstAttempt.completeExceptionally(new IOException("down"));
        assertThat(result.get()).isCancelled();
        assertThat(scheduler.pending()).as("timer of an attempt that must never start").isZero();
        assertThat(retry.stats().calls()).isOne();
    }

    @Test
    void anExecutorThatRefusesTheRetryEndsTheCallAfterTheAttemptsMade() {
        FakeTicker ticker = new FakeTicker();
        FakeScheduler scheduler = new FakeScheduler(ticker);
        RejectedExecutionException refused = new RejectedExecutionException("full");
        List<RetryEvent> events = new ArrayList<>();
        BackoffRetry retry = BackoffRetry.builder("r").scheduler(scheduler)
                .executor(task -> {
                    throw refused;
                }).build();
        retry.events().subscribe(events::add);
        CompletableFuture<String> result = retry.callAsync(() -> CompletableFuture.failedFuture(new IOException()));
        scheduler.runAll();
        assertThat(result).isCompletedExceptionally();
        assertThatThrownBy(result::join).hasCause(refused);
        assertThat(retry.stats().failureWithoutRetry()).isOne();
        assertThat(events).filteredOn(e -> e instanceof RetryEvent.Finished)
                .singleElement().extracting(e -> ((RetryEvent.Finished) e).attempts()).isEqualTo(1);
    }

    @Test
    void linearBackoffIsExactUpToTheLastRepresentableDelay() {
        long increment = Long.MAX_VALUE / 2;
        Backoff linear = Backoff.linear(Duration.ZERO, Duration.ofNanos(increment));
        assertThat(linear.delayNanos(3)).isEqualTo(2 * increment); // exactly at the overflow bound: not saturated
        assertThat(linear.delayNanos(4)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aCappedZeroDelayStaysZeroAndAnExhaustedSequenceStaysExhausted() {
        Backoff sequence = Backoff.sequence(Duration.ZERO).withJitter(0.5).cappedAt(Duration.ofSeconds(1));
        assertThat(sequence.delayNanos(1)).isZero();
        assertThat(sequence.delayNanos(2)).isEqualTo(Backoff.EXHAUSTED);
        assertThat(Backoff.sequence(Duration.ofSeconds(5)).cappedAt(Duration.ofSeconds(1)).delayNanos(1))
                .isEqualTo(Duration.ofSeconds(1).toNanos());
    }
}
