package dev.resiliency.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resiliency.RetryAbortedException;
import dev.resiliency.testing.FakeSleeper;
import dev.resiliency.testing.FakeTicker;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The synchronous attempt loop (reference 2.3-2.5). */
class BackoffRetryTest {

    private final FakeTicker ticker = new FakeTicker();
    private final FakeSleeper sleeper = new FakeSleeper(ticker);
    private final List<RetryEvent> events = new CopyOnWriteArrayList<>();

    private BackoffRetry.Builder retry() {
        return BackoffRetry.builder("test").ticker(ticker).sleeper(sleeper);
    }

    private BackoffRetry listened(BackoffRetry retry) {
        retry.events().subscribe(events::add);
        return retry;
    }

    /** Fails with a new IOException {@code failures} times, then returns "ok". */
    private static final class Flaky implements Callable<String> {
        final int failures;
        final AtomicInteger calls = new AtomicInteger();
        final List<Exception> thrown = new ArrayList<>();

        Flaky(int failures) {
            this.failures = failures;
        }

        @Override
        public String call() throws Exception {
            if (calls.incrementAndGet() <= failures) {
                IOException e = new IOException("failure " + calls.get());
                thrown.add(e);
                throw e;
            }
            return "ok";
        }
    }

    private static Flaky alwaysFailing() {
        return new Flaky(Integer.MAX_VALUE);
    }

    private List<Long> sleepsOnExhaustion(BackoffRetry retry) {
        assertThatThrownBy(() -> retry.call(alwaysFailing())).isInstanceOf(IOException.class);
        return sleeper.sleepsMillis();
    }

    // ---- delay sequences through the retry options (reference 2.4) ----

    @Test
    void defaultsMakeThreeAttemptsSleeping100Then200() {
        assertThat(sleepsOnExhaustion(retry().build())).containsExactly(100L, 200L);
    }

    @Test
    void exponentialByDefaultWithFourAttempts() {
        assertThat(sleepsOnExhaustion(retry().maxAttempts(4).build())).containsExactly(100L, 200L, 400L);
    }

    @Test
    void linearWithFourAttempts() {
        assertThat(sleepsOnExhaustion(retry().maxAttempts(4).backoff(BackoffType.LINEAR).build()))
                .containsExactly(100L, 200L, 300L);
    }

    @Test
    void linearIncrementDefaultsTo100WhateverTheBase() {
        assertThat(sleepsOnExhaustion(retry().maxAttempts(4).backoff(BackoffType.LINEAR)
                .baseDelay(Duration.ofMillis(50)).build())).containsExactly(50L, 150L, 250L);
    }

    @Test
    void linearIncrementIsConfigurable() {
        assertThat(sleepsOnExhaustion(retry().maxAttempts(4).backoff(BackoffType.LINEAR)
                .increment(Duration.ofMillis(10)).build())).containsExactly(100L, 110L, 120L);
    }

    @Test
    void constantWithFourAttempts() {
        assertThat(sleepsOnExhaustion(retry().maxAttempts(4).backoff(BackoffType.CONSTANT).build()))
                .containsExactly(100L, 100L, 100L);
    }

    @Test
    void maxDelayCapsTheExponential() {
        assertThat(sleepsOnExhaustion(retry().maxAttempts(6).maxDelay(Duration.ofMillis(300)).build()))
                .containsExactly(100L, 200L, 300L, 300L, 300L);
    }

    @Test
    void baseDelaySeedsTheExponential() {
        assertThat(sleepsOnExhaustion(retry().maxAttempts(4).baseDelay(Duration.ofMillis(50)).build()))
                .containsExactly(50L, 100L, 200L);
    }

    @Test
    void multiplierIsConfigurable() {
        assertThat(sleepsOnExhaustion(retry().maxAttempts(4).multiplier(3.0).build()))
                .containsExactly(100L, 300L, 900L);
    }

    @Test
    void customSequenceIsUsedAsGiven() {
        Backoff steps = Backoff.sequence(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300),
                Duration.ofMillis(400));
        assertThat(sleepsOnExhaustion(retry().maxAttempts(5).backoff(steps).build()))
                .containsExactly(100L, 200L, 300L, 400L);
    }

    @Test
    void maxDelayCapsCustomBackoffsToo() {
        BackoffRetry retry = retry().maxAttempts(2).backoff(Backoff.sequence(Duration.ofSeconds(10))).build();
        assertThat(sleepsOnExhaustion(retry)).containsExactly(5000L);
    }

    @Test
    void shortCustomSequenceLimitsTheAttempts() {
        Flaky flaky = alwaysFailing();
        BackoffRetry retry = retry().maxAttempts(10).backoff(Backoff.sequence(Duration.ofMillis(1))).build();
        assertThatThrownBy(() -> retry.call(flaky)).isInstanceOf(IOException.class);
        assertThat(flaky.calls).hasValue(2);
    }

    @Test
    void emptyCustomSequenceMeansExactlyOneAttempt() {
        Flaky flaky = alwaysFailing();
        BackoffRetry retry = retry().backoff(Backoff.sequence()).build();
        assertThatThrownBy(() -> retry.call(flaky)).isInstanceOf(IOException.class);
        assertThat(flaky.calls).hasValue(1);
        assertThat(sleeper.sleeps()).isEmpty();
    }

    @Test
    void customSequenceLongerThanMaxAttemptsIsTruncated() {
        Backoff steps = Backoff.sequence(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(3));
        assertThat(sleepsOnExhaustion(retry().backoff(steps).build())).containsExactly(1L, 2L);
    }

    @Test
    void choosingATypeReplacesACustomBackoff() {
        BackoffRetry retry = retry().backoff(Backoff.sequence()).backoff(BackoffType.CONSTANT).build();
        assertThat(sleepsOnExhaustion(retry)).containsExactly(100L, 100L);
    }

    @Test
    void jitterOptionRandomizesWithinBoundsAndUnderTheCap() {
        BackoffRetry retry = retry().maxAttempts(4).backoff(BackoffType.CONSTANT).baseDelay(Duration.ofMillis(1000))
                .maxDelay(Duration.ofMillis(1100)).jitter(0.25).build();
        for (int i = 0; i < 200; i++) {
            assertThatThrownBy(() -> retry.call(alwaysFailing())).isInstanceOf(IOException.class);
        }
        assertThat(sleeper.sleeps()).hasSize(600).allSatisfy(d ->
                assertThat(d).isBetween(Duration.ofMillis(750), Duration.ofMillis(1100)));
        assertThat(sleeper.sleeps()).contains(Duration.ofMillis(1100)).anyMatch(d -> d.toMillis() < 1000);
    }

    @Test
    void zeroDelaysStillGoThroughTheSleeper() {
        BackoffRetry retry = retry().baseDelay(Duration.ZERO).build();
        assertThat(sleepsOnExhaustion(retry)).containsExactly(0L, 0L);
    }

    // ---- the attempt loop (reference 2.5) ----

    @Test
    void returnsTheValueOfAFirstAttemptSuccessWithoutSleeping() throws Exception {
        BackoffRetry retry = listened(retry().build());
        assertThat(retry.call(() -> "ok")).isEqualTo("ok");
        assertThat(sleeper.sleeps()).isEmpty();
        assertThat(events).containsExactly(
                new RetryEvent.Finished("test", RetryOutcome.SUCCESS_WITHOUT_RETRY, 1, null));
    }

    @Test
    void returnsNullValuesAsSuccess() throws Exception {
        assertThat(retry().build().<String>call(() -> null)).isNull();
    }

    @Test
    void succeedsAfterRetries() throws Exception {
        Flaky flaky = new Flaky(2);
        BackoffRetry retry = listened(retry().maxAttempts(5).build());
        assertThat(retry.call(flaky)).isEqualTo("ok");
        assertThat(flaky.calls).hasValue(3);
        assertThat(sleeper.sleepsMillis()).containsExactly(100L, 200L);
        assertThat(events.get(events.size() - 1))
                .isEqualTo(new RetryEvent.Finished("test", RetryOutcome.SUCCESS_WITH_RETRY, 3, null));
    }

    @Test
    void sleepsMaxAttemptsMinusOneTimesAndRethrowsTheLastFailure() {
        Flaky flaky = alwaysFailing();
        BackoffRetry retry = retry().maxAttempts(5).build();
        assertThatThrownBy(() -> retry.call(flaky)).isSameAs(flaky.thrown.get(4));
        assertThat(flaky.calls).hasValue(5);
        assertThat(sleeper.sleeps()).hasSize(4);
    }

    @Test
    void checkedExceptionIsRethrownAsTheSameInstance() {
        Exception checked = new Exception("checked");
        BackoffRetry retry = retry().maxAttempts(2).build();
        assertThatThrownBy(() -> retry.call(() -> {
            throw checked;
        })).isSameAs(checked).hasNoSuppressedExceptions();
    }

    @Test
    void singleAttemptNeverRetriesNorConsultsRetryIf() {
        AtomicInteger consulted = new AtomicInteger();
        Flaky flaky = alwaysFailing();
        BackoffRetry retry = retry().maxAttempts(1).retryIf(e -> consulted.incrementAndGet() > 0).build();
        assertThatThrownBy(() -> retry.call(flaky)).isSameAs(flaky.thrown.get(0));
        assertThat(consulted).hasValue(0);
        assertThat(sleeper.sleeps()).isEmpty();
    }

    @Test
    void retryIfIsConsultedOnlyWhileAnAttemptRemains() {
        List<Throwable> consulted = new ArrayList<>();
        Flaky flaky = alwaysFailing();
        BackoffRetry retry = retry().maxAttempts(3).retryIf(consulted::add).build();
        assertThatThrownBy(() -> retry.call(flaky)).isInstanceOf(IOException.class);
        assertThat(consulted).containsExactly(flaky.thrown.get(0), flaky.thrown.get(1));
    }

    @Test
    void exceptionNotMatchingRetryIfIsRethrownAtOnce() {
        IllegalStateException permanent = new IllegalStateException("permanent");
        AtomicInteger calls = new AtomicInteger();
        BackoffRetry retry = listened(retry().retryIf(e -> e instanceof IOException).onRetry((a, d, e, r) -> {
            throw new AssertionError("onRetry must not run");
        }).build());
        assertThatThrownBy(() -> retry.call(() -> {
            calls.incrementAndGet();
            throw permanent;
        })).isSameAs(permanent);
        assertThat(calls).hasValue(1);
        assertThat(sleeper.sleeps()).isEmpty();
        assertThat(events).containsExactly(
                new RetryEvent.Finished("test", RetryOutcome.FAILURE_WITHOUT_RETRY, 1, permanent));
    }

    @Test
    void retryIfDecliningALaterAttemptEndsWithRetry() {
        AtomicInteger calls = new AtomicInteger();
        BackoffRetry retry = listened(retry().maxAttempts(5).retryIf(e -> e instanceof IOException).build());
        assertThatThrownBy(() -> retry.call(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new IOException("transient");
            }
            throw new IllegalStateException("permanent");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(calls).hasValue(2);
        assertThat(((RetryEvent.Finished) events.get(events.size() - 1)).outcome())
                .isEqualTo(RetryOutcome.FAILURE_WITH_RETRY);
    }

    @Test
    void onRetryReceivesTheFailedAttemptItsDelayAndItsError() {
        List<String> calls = new ArrayList<>();
        Flaky flaky = alwaysFailing();
        BackoffRetry retry = retry().onRetry((attempt, delay, error, result) ->
                calls.add(attempt + ":" + delay.toMillis() + ":" + error.getMessage() + ":" + result)).build();
        assertThatThrownBy(() -> retry.call(flaky)).isInstanceOf(IOException.class);
        assertThat(calls).containsExactly("1:100:failure 1:null", "2:200:failure 2:null");
    }

    @Test
    void onRetryIsNeverCalledOnFirstAttemptSuccess() throws Exception {
        AtomicInteger onRetry = new AtomicInteger();
        retry().onRetry((a, d, e, r) -> onRetry.incrementAndGet()).build().call(() -> "ok");
        assertThat(onRetry).hasValue(0);
    }

    @Test
    void eventThenOnRetryThenSleepInThatOrder() {
        List<String> order = new CopyOnWriteArrayList<>();
        BackoffRetry retry = BackoffRetry.builder("test").maxAttempts(2).ticker(ticker)
                .sleeper(d -> order.add("sleep " + d.toMillis()))
                .onRetry((attempt, delay, error, result) -> order.add("onRetry " + attempt)).build();
        retry.events().subscribe(event -> order.add(event.getClass().getSimpleName()));
        assertThatThrownBy(() -> retry.call(alwaysFailing())).isInstanceOf(IOException.class);
        assertThat(order).containsExactly("Retrying", "onRetry 1", "sleep 100", "Finished");
    }

    @Test
    void retryingEventCarriesAttemptDelayAndError() throws Exception {
        Flaky flaky = new Flaky(1);
        BackoffRetry retry = listened(retry().build());
        assertThat(retry.call(flaky)).isEqualTo("ok");
        assertThat(events).containsExactly(
                new RetryEvent.Retrying("test", 1, Duration.ofMillis(100), flaky.thrown.get(0), null),
                new RetryEvent.Finished("test", RetryOutcome.SUCCESS_WITH_RETRY, 2, null));
    }

    @Test
    void finishedEventOnExhaustionCarriesTheLastError() {
        Flaky flaky = alwaysFailing();
        BackoffRetry retry = listened(retry().build());
        assertThatThrownBy(() -> retry.call(flaky)).isInstanceOf(IOException.class);
        assertThat(events.get(events.size() - 1))
                .isEqualTo(new RetryEvent.Finished("test", RetryOutcome.FAILURE_WITH_RETRY, 3, flaky.thrown.get(2)));
    }

    @Test
    void unsubscribedListenerReceivesNothing() throws Exception {
        BackoffRetry retry = retry().build();
        retry.events().subscribe(events::add).close();
        retry.call(new Flaky(1));
        assertThat(events).isEmpty();
    }

    // ---- results rejected by retryOnResult ----

    @Test
    void rejectedResultIsRetried() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        BackoffRetry retry = retry().retryOnResult(value -> "pending".equals(value)).build();
        String value = retry.call(() -> calls.incrementAndGet() < 3 ? "pending" : "done");
        assertThat(value).isEqualTo("done");
        assertThat(sleeper.sleepsMillis()).containsExactly(100L, 200L);
    }

    @Test
    void exhaustionOnRejectedResultsReturnsTheLastResult() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        BackoffRetry retry = listened(retry().retryOnResult(value -> ((Integer) value) < 100).build());
        Integer value = retry.call(calls::incrementAndGet);
        assertThat(value).isEqualTo(3);
        assertThat(events.get(events.size() - 1))
                .isEqualTo(new RetryEvent.Finished("test", RetryOutcome.FAILURE_WITH_RETRY, 3, null));
        assertThat(retry.stats().failureWithRetry()).isEqualTo(1);
    }

    @Test
    void onRetryAndEventCarryTheRejectedResult() throws Exception {
        List<String> seen = new ArrayList<>();
        BackoffRetry retry = listened(retry().maxAttempts(2).retryOnResult(value -> true)
                .onRetry((attempt, delay, error, result) -> seen.add(attempt + ":" + error + ":" + result)).build());
        retry.call(() -> "bad");
        assertThat(seen).containsExactly("1:null:bad");
        assertThat(events.get(0)).isEqualTo(new RetryEvent.Retrying("test", 1, Duration.ofMillis(100), null, "bad"));
    }

    @Test
    void retryIfIsNotConsultedForRejectedResults() throws Exception {
        BackoffRetry retry = retry().retryIf(e -> false).retryOnResult(value -> true).build();
        retry.call(() -> "bad");
        assertThat(sleeper.sleeps()).hasSize(2);
    }

    @Test
    void exceptionsAreStillRetriedWithAResultPredicate() throws Exception {
        Flaky flaky = new Flaky(1);
        assertThat(retry().retryOnResult(value -> false).build().call(flaky)).isEqualTo("ok");
        assertThat(flaky.calls).hasValue(2);
    }

    // ---- budget ----

    @Test
    void budgetStopsBeforeTheSleepThatWouldEndAfterTheDeadline() {
        Flaky flaky = alwaysFailing();
        BackoffRetry retry = retry().maxAttempts(20).backoff(BackoffType.CONSTANT)
                .baseDelay(Duration.ofMillis(1000)).budget(Duration.ofMillis(3000)).build();
        assertThatThrownBy(() -> retry.call(flaky)).isSameAs(flaky.thrown.get(3));
        // sleeps end at 1000, 2000 and 3000 (= the deadline, allowed); a fourth would end at 4000
        assertThat(sleeper.sleepsMillis()).containsExactly(1000L, 1000L, 1000L);
        assertThat(flaky.calls).hasValue(4);
    }

    @Test
    void budgetCountsTheTimeSpentInAttempts() {
        AtomicInteger calls = new AtomicInteger();
        BackoffRetry retry = retry().maxAttempts(20).backoff(BackoffType.CONSTANT)
                .baseDelay(Duration.ofMillis(1000)).budget(Duration.ofMillis(3000)).build();
        assertThatThrownBy(() -> retry.call(() -> {
            calls.incrementAndGet();
            ticker.advanceMillis(600);
            throw new IOException();
        })).isInstanceOf(IOException.class);
        // attempt 1 ends at 600, sleep to 1600; attempt 2 ends at 2200, and 2200 + 1000 > 3000
        assertThat(calls).hasValue(2);
        assertThat(sleeper.sleepsMillis()).containsExactly(1000L);
    }

    @Test
    void budgetNeverInterruptsARunningAttempt() throws Exception {
        BackoffRetry retry = retry().budget(Duration.ofMillis(10)).build();
        assertThat(retry.call(() -> {
            ticker.advanceMillis(5000);
            return "late but fine";
        })).isEqualTo("late but fine");
    }

    @Test
    void budgetIsCheckedAfterRetryIf() {
        AtomicInteger consulted = new AtomicInteger();
        BackoffRetry retry = retry().budget(Duration.ofMillis(1)).retryIf(e -> consulted.incrementAndGet() > 0)
                .build();
        assertThatThrownBy(() -> retry.call(alwaysFailing())).isInstanceOf(IOException.class);
        assertThat(consulted).hasValue(1);
        assertThat(sleeper.sleeps()).isEmpty();
    }

    // ---- abort ----

    @Test
    void abortStopsAtOnceAndRethrowsTheCauseUnchanged() {
        Exception fatal = new Exception("fatal");
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger consulted = new AtomicInteger();
        BackoffRetry retry = listened(retry().maxAttempts(5).retryIf(e -> consulted.incrementAndGet() > 0)
                .onRetry((a, d, e, r) -> consulted.incrementAndGet()).build());
        assertThatThrownBy(() -> retry.call(() -> {
            calls.incrementAndGet();
            throw BackoffRetry.abort(fatal);
        })).isSameAs(fatal);
        assertThat(calls).hasValue(1);
        assertThat(consulted).hasValue(0);
        assertThat(sleeper.sleeps()).isEmpty();
        assertThat(events).containsExactly(new RetryEvent.Finished("test", RetryOutcome.ABORTED, 1, fatal));
        assertThat(retry.stats().aborted()).isEqualTo(1);
    }

    @Test
    void abortOnALaterAttemptCountsItsAttempts() {
        Flaky flaky = new Flaky(1);
        IllegalStateException fatal = new IllegalStateException("fatal");
        BackoffRetry retry = listened(retry().maxAttempts(5).build());
        assertThatThrownBy(() -> retry.call(() -> {
            flaky.call();
            throw BackoffRetry.abort(fatal);
        })).isSameAs(fatal);
        assertThat(events.get(events.size() - 1))
                .isEqualTo(new RetryEvent.Finished("test", RetryOutcome.ABORTED, 2, fatal));
    }

    @Test
    void abortUnwrapsExactlyOneLevel() {
        RetryAbortedException inner = BackoffRetry.abort(new IOException("x"));
        assertThatThrownBy(() -> retry().build().call(() -> {
            throw BackoffRetry.abort(inner);
        })).isSameAs(inner);
    }

    @Test
    void abortWithoutCauseRethrowsTheMarker() {
        RetryAbortedException marker = BackoffRetry.abort(null);
        assertThatThrownBy(() -> retry().build().call(() -> {
            throw marker;
        })).isSameAs(marker);
    }

    // ---- errors, interrupts, callback failures ----

    @Test
    void errorsAreNeverRetriedAndPropagateUnchanged() {
        AssertionError error = new AssertionError("bug");
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger consulted = new AtomicInteger();
        BackoffRetry retry = listened(retry().retryIf(e -> consulted.incrementAndGet() > 0).build());
        assertThatThrownBy(() -> retry.call(() -> {
            calls.incrementAndGet();
            throw error;
        })).isSameAs(error);
        assertThat(calls).hasValue(1);
        assertThat(consulted).hasValue(0);
        assertThat(retry.stats().failureWithoutRetry()).isEqualTo(1);
        assertThat(retry.stats().successWithoutRetry()).isZero();
    }

    @Test
    void interruptedExceptionFromTheCallIsNotRetriedAndRestoresTheFlag() {
        InterruptedException interrupted = new InterruptedException();
        AtomicInteger calls = new AtomicInteger();
        try {
            assertThatThrownBy(() -> retry().build().call(() -> {
                calls.incrementAndGet();
                throw interrupted;
            })).isSameAs(interrupted);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertThat(calls).hasValue(1);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void interruptedWhileWaitingStopsAndRethrowsTheLastFailureWithTheInterruptSuppressed() {
        Flaky flaky = alwaysFailing();
        BackoffRetry retry = listened(retry().maxAttempts(5).sleeper(d -> {
            throw new InterruptedException("stop");
        }).build());
        try {
            assertThatThrownBy(() -> retry.call(flaky)).isSameAs(flaky.thrown.get(0))
                    .satisfies(e -> assertThat(e.getSuppressed()).singleElement()
                            .isInstanceOf(InterruptedException.class));
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(flaky.calls).hasValue(1);
        assertThat(events.get(events.size() - 1))
                .isEqualTo(new RetryEvent.Finished("test", RetryOutcome.FAILURE_WITHOUT_RETRY, 1, flaky.thrown.get(0)));
    }

    @Test
    void interruptedThreadStopsAtTheFirstWait() {
        Flaky flaky = alwaysFailing();
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> retry().build().call(flaky)).isSameAs(flaky.thrown.get(0));
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(flaky.calls).hasValue(1);
    }

    @Test
    void interruptedWhileWaitingOnARejectedResultReturnsIt() throws Exception {
        BackoffRetry retry = retry().retryOnResult(value -> true).sleeper(d -> {
            throw new InterruptedException();
        }).build();
        try {
            assertThat(retry.call(() -> "pending")).isEqualTo("pending");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void failingOnRetryEndsTheCallWithItsException() {
        IllegalStateException broken = new IllegalStateException("listener bug");
        BackoffRetry retry = retry().onRetry((a, d, e, r) -> {
            throw broken;
        }).build();
        assertThatThrownBy(() -> retry.call(alwaysFailing())).isSameAs(broken);
        assertThat(sleeper.sleeps()).isEmpty();
        assertThat(retry.stats().failureWithoutRetry()).isEqualTo(1);
    }

    @Test
    void failingRetryIfEndsTheCallWithItsException() {
        IllegalStateException broken = new IllegalStateException("predicate bug");
        BackoffRetry retry = retry().retryIf(e -> {
            throw broken;
        }).build();
        assertThatThrownBy(() -> retry.call(alwaysFailing())).isSameAs(broken);
    }

    @Test
    void failingResultPredicateEndsTheCallWithItsException() {
        IllegalStateException broken = new IllegalStateException("predicate bug");
        BackoffRetry retry = retry().retryOnResult(v -> {
            throw broken;
        }).build();
        assertThatThrownBy(() -> retry.call(() -> "value")).isSameAs(broken);
        assertThat(retry.stats().failureWithoutRetry()).isEqualTo(1);
    }

    @Test
    void failingListenerIsIsolated() throws Exception {
        BackoffRetry retry = retry().build();
        retry.events().subscribe(event -> {
            throw new IllegalStateException("listener bug");
        });
        assertThat(retry.call(new Flaky(1))).isEqualTo("ok");
    }

    // ---- stats and accessors ----

    @Test
    void statsCountOutcomesAndAttempts() throws Exception {
        BackoffRetry retry = retry().retryIf(e -> e instanceof IOException).build();
        retry.call(() -> "ok");                                                  // 1 attempt
        retry.call(new Flaky(2));                                                // 3 attempts
        assertThatThrownBy(() -> retry.call(alwaysFailing()));                   // 3 attempts
        assertThatThrownBy(() -> retry.call(() -> {
            throw new IllegalStateException();
        }));                                                                      // 1 attempt
        assertThatThrownBy(() -> retry.call(() -> {
            throw BackoffRetry.abort(new IOException());
        }));                                                                      // 1 attempt
        assertThat(retry.stats()).isEqualTo(new RetryStats(1, 1, 1, 1, 1, 9));
        assertThat(retry.stats().calls()).isEqualTo(5);
    }

    @Test
    void exposesItsConfiguration() {
        BackoffRetry retry = BackoffRetry.builder("inventory").maxAttempts(4).budget(Duration.ofSeconds(8)).build();
        assertThat(retry.name()).isEqualTo("inventory");
        assertThat(retry.maxAttempts()).isEqualTo(4);
        assertThat(retry.budget()).contains(Duration.ofSeconds(8));
        assertThat(BackoffRetry.builder("x").build().budget()).isEmpty();
        assertThat(retry.backoff().delayNanos(10)).isEqualTo(Duration.ofSeconds(5).toNanos());
        assertThat(retry.toString()).contains("inventory", "maxAttempts=4");
    }
}
