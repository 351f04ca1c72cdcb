package dev.resiliency.hedged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.resiliency.ResiliencyTimeoutException;
import dev.resiliency.hedged.HedgedEvent.Completed;
import dev.resiliency.hedged.HedgedEvent.HedgeFired;
import dev.resiliency.testing.FakeTicker;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The blocking path, on real threads with short delays: reference 8.5 examples and the Java-specific rules. */
class HedgedCallTest {

    private final Copies copies = new Copies();
    private final List<HedgedEvent> events = new CopyOnWriteArrayList<>();

    private Hedged fixed(Duration delay, int maxRequests) {
        return listen(Hedged.builder("search").delay(delay).maxRequests(maxRequests).build());
    }

    private Hedged listen(Hedged hedged) {
        hedged.events().subscribe(events::add);
        return hedged;
    }

    private Completed completed() {
        return events.stream().filter(Completed.class::isInstance).map(Completed.class::cast).findFirst().orElseThrow();
    }

    private static final class Retriable extends IOException {
        Retriable(String message) {
            super(message);
        }
    }

    @Test
    void fastHedgeWinsOverSlowPrimary() throws Exception {
        // Roles by spawn order (the tracking executor numbers its threads as it is asked), not by start order: on a
        // loaded machine the hedge may start running before the original does.
        Hedged hedged = listen(Hedged.builder("search").delay(Duration.ofMillis(10)).maxRequests(2)
                .executor(new TrackingExecutor()).build());

        String result = hedged.call(copies.numbered(
                n -> Thread.currentThread().getName().equals("tracked-1") ? copies.hang() : "fast"));

        assertThat(result).isEqualTo("fast");
        assertThat(completed().dispatched()).isEqualTo(2);
        assertThat(completed().hedgeWon()).isTrue();
        assertThat(completed().success()).isTrue();
        assertThat(copies.awaitInterrupt()).as("slow primary interrupted").isTrue();
    }

    @Test
    void hungPrimaryIsInterruptedAndNoThreadStaysBehind() throws Exception {
        TrackingExecutor executor = new TrackingExecutor();
        Duration delay = Duration.ofMillis(20);
        Hedged hedged = listen(Hedged.builder("backup").delay(delay).executor(executor).build());

        String result = hedged.call(copies.numbered(n -> n == 0 ? copies.hang() : "backup"));

        assertThat(result).isEqualTo("backup");
        assertThat(completed().latency()).isGreaterThanOrEqualTo(delay);
        assertThat(copies.awaitInterrupt()).as("hung primary interrupted").isTrue();
        assertThat(executor.created()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> executor.alive() == 0);
    }

    @Test
    void zeroDelayFiresAllCopiesAtOnce() throws Exception {
        Hedged hedged = fixed(Duration.ZERO, 5);
        CountDownLatch allRunning = new CountDownLatch(5);

        // Each copy returns only once all five run concurrently, which proves they were all started at once.
        String result = hedged.call(copies.numbered(n -> {
            allRunning.countDown();
            return allRunning.await(5, TimeUnit.SECONDS) ? "done" : "not concurrent";
        }));

        assertThat(result).isEqualTo("done");
        assertThat(completed().dispatched()).isEqualTo(5);
    }

    @Test
    void timeoutBeforeTheHedgeDelayCancelsAndThrows() {
        Hedged hedged = listen(Hedged.builder("slow").delay(Duration.ofSeconds(5)).timeout(Duration.ofMillis(50))
                .maxRequests(3).build());

        Throwable thrown = catchThrowable(() -> hedged.call(copies.numbered(n -> copies.hang())));

        assertThat(thrown).isInstanceOf(ResiliencyTimeoutException.class);
        ResiliencyTimeoutException timeout = (ResiliencyTimeoutException) thrown;
        assertThat(timeout.timeout()).isEqualTo(Duration.ofMillis(50));
        assertThat(timeout.instanceName()).isEqualTo("slow");
        assertThat(completed().dispatched()).isEqualTo(1);
        assertThat(completed().success()).isFalse();
        assertThat(copies.started).hasValue(1);
        await().until(() -> copies.interrupted.get() == 1);
    }

    @Test
    void nonFatalFailuresFireTheNextCopyWithoutWaiting() throws Exception {
        Hedged hedged = listen(Hedged.builder("cascade").delay(Duration.ofSeconds(5)).maxRequests(5)
                .nonFatal(Retriable.class::isInstance).build());
        long start = System.nanoTime();

        String result = hedged.call(copies.numbered(n -> {
            if (n < 3) {
                throw new Retriable("retriable " + n);
            }
            return "finally";
        }));

        assertThat(result).isEqualTo("finally");
        assertThat(completed().dispatched()).isEqualTo(4);
        assertThat(completed().hedgeWon()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no 5 s delay waited").isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void nonFatalExhaustionThrowsTheLastFailureWithTheOthersSuppressed() {
        Hedged hedged = listen(Hedged.builder("cascade").delay(Duration.ofSeconds(5)).maxRequests(3)
                .nonFatal(Retriable.class::isInstance).build());
        List<Retriable> thrown = new CopyOnWriteArrayList<>();

        Throwable failure = catchThrowable(() -> hedged.call(copies.numbered(n -> {
            Retriable retriable = new Retriable("retriable " + n);
            thrown.add(retriable);
            throw retriable;
        })));

        assertThat(failure).isSameAs(thrown.get(2));
        assertThat(failure.getSuppressed()).containsExactly(thrown.get(0), thrown.get(1));
        assertThat(completed().dispatched()).isEqualTo(3);
    }

    @Test
    void failureWithNothingInFlightFiresTheNextCopyAtOnce() throws Exception {
        Hedged hedged = fixed(Duration.ofSeconds(5), 2);
        long start = System.nanoTime();

        String result = hedged.call(copies.numbered(n -> {
            if (n == 0) {
                throw new IllegalStateException("fatal_one");
            }
            return "recovered";
        }));

        assertThat(result).isEqualTo("recovered");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void mixedFailuresThenSuccess() throws Exception {
        Hedged hedged = fixed(Duration.ofMillis(10), 3);

        String result = hedged.call(copies.numbered(n -> switch (n) {
            case 0 -> throw new IOException("raised");
            case 1 -> throw new IllegalStateException("exited");
            default -> "survived";
        }));

        assertThat(result).isEqualTo("survived");
        assertThat(completed().dispatched()).isEqualTo(3);
    }

    @Test
    void allCopiesFailingRethrowTheMostRecentCheckedFailureUnchanged() {
        Hedged hedged = fixed(Duration.ofMillis(1), 3);
        List<Exception> thrown = new CopyOnWriteArrayList<>();

        Throwable failure = catchThrowable(() -> hedged.call(copies.numbered(n -> {
            Exception e = new Exception("copy " + n);
            thrown.add(e);
            throw e;
        })));

        assertThat(failure).isSameAs(thrown.get(2));
        assertThat(failure.getSuppressed()).containsExactly(thrown.get(0), thrown.get(1));
        assertThat(completed().success()).isFalse();
    }

    @Test
    void oneSharedFailureInstanceIsNeverSuppressedIntoItself() {
        Hedged hedged = fixed(Duration.ofMillis(1), 3);
        IOException shared = new IOException("always the same");

        Throwable failure = catchThrowable(() -> hedged.call(copies.numbered(n -> {
            throw shared;
        })));

        assertThat(failure).isSameAs(shared);
        assertThat(failure.getSuppressed()).isEmpty();
        assertThat(copies.started).hasValue(3);
    }

    @Test
    void onHedgeReceivesAttemptNumbersAfterTheEvent() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        Hedged hedged = Hedged.builder("attempts").delay(Duration.ofMillis(5)).maxRequests(4)
                .onHedge(attempt -> log.add("onHedge " + attempt)).build();
        hedged.events().subscribe(event -> {
            if (event instanceof HedgeFired fired) {
                log.add("event " + fired.attempt());
            }
        });

        String result = hedged.call(copies.numbered(n -> n < 3 ? copies.hang() : "done"));

        assertThat(result).isEqualTo("done");
        assertThat(log).containsExactly("event 2", "onHedge 2", "event 3", "onHedge 3", "event 4", "onHedge 4");
        await().until(() -> copies.interrupted.get() == 3);
    }

    @Test
    void maxRequestsOfOneNeverHedges() {
        Hedged hedged = fixed(Duration.ZERO, 1);
        IOException failure = new IOException("only copy");

        assertThat(catchThrowable(() -> hedged.call(copies.numbered(n -> {
            throw failure;
        })))).isSameAs(failure);
        assertThat(copies.started).hasValue(1);
        assertThat(completed().dispatched()).isEqualTo(1);
    }

    @Test
    void errorFromACopyEndsTheCallAtOnceAndCancelsTheOthers() {
        Hedged hedged = fixed(Duration.ZERO, 3);
        AssertionError error = new AssertionError("bug");
        CountDownLatch hanging = new CountDownLatch(1);

        Throwable thrown = catchThrowable(() -> hedged.call(copies.numbered(n -> {
            if (n == 0) {
                hanging.countDown();
                return copies.hang();
            }
            hanging.await();
            throw error;
        })));

        assertThat(thrown).isSameAs(error);
        assertThat(thrown.getSuppressed()).isEmpty();
        await().until(() -> copies.interrupted.get() >= 1);
    }

    @Test
    void onHedgeThrowingCancelsEveryCopyAndRethrows() throws Exception {
        IllegalStateException boom = new IllegalStateException("onHedge failed");
        Hedged hedged = Hedged.builder("q13").delay(Duration.ofMillis(5)).onHedge(attempt -> {
            awaitHangingUnchecked(); // the primary is running when the hedge fires, however late it started
            throw boom;
        }).build();

        Throwable thrown = catchThrowable(() -> hedged.call(copies.numbered(n -> copies.hang())));

        assertThat(thrown).isSameAs(boom);
        assertThat(copies.awaitInterrupt()).as("primary cancelled").isTrue();
    }

    @Test
    void nonFatalThrowingCancelsEveryCopyAndRethrows() throws Exception {
        IllegalStateException boom = new IllegalStateException("nonFatal failed");
        Hedged hedged = Hedged.builder("q13").delay(Duration.ofMillis(5)).maxRequests(3).nonFatal(failure -> {
            throw boom;
        }).build();

        // Whichever copy starts first hangs; the others fail, but only once it hangs, so it is there to cancel.
        Throwable thrown = catchThrowable(() -> hedged.call(copies.numbered(n -> {
            if (n == 0) {
                return copies.hang();
            }
            copies.awaitHanging();
            throw new IOException("hedge failed");
        })));

        assertThat(thrown).isSameAs(boom);
        assertThat(copies.awaitInterrupt()).as("primary cancelled").isTrue();
    }

    private void awaitHangingUnchecked() {
        try {
            copies.awaitHanging();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void deadlineIsCheckedBeforeFiringWhenNothingIsInFlight() {
        FakeTicker ticker = new FakeTicker();
        // nonFatal runs on the caller's thread when the failure is handled: it moves time past the deadline there.
        Hedged hedged = Hedged.builder("q14").delay(Duration.ofSeconds(1)).timeout(Duration.ofSeconds(2))
                .ticker(ticker).nonFatal(failure -> {
                    ticker.advance(Duration.ofSeconds(3));
                    return false;
                }).build();
        IOException late = new IOException("failed after the deadline");

        Throwable thrown = catchThrowable(() -> hedged.call(copies.numbered(n -> {
            throw late;
        })));

        assertThat(thrown).isInstanceOf(ResiliencyTimeoutException.class);
        assertThat(thrown.getSuppressed()).containsExactly(late);
        assertThat(copies.started).hasValue(1);
    }

    @Test
    void interruptingTheCallerCancelsEveryCopy() throws Exception {
        Hedged hedged = fixed(Duration.ZERO, 2);
        CountDownLatch bothRunning = new CountDownLatch(2);
        CountDownLatch callerDone = new CountDownLatch(1);
        List<Object> outcome = new CopyOnWriteArrayList<>();
        Thread caller = new Thread(() -> {
            try {
                hedged.call(copies.numbered(n -> {
                    bothRunning.countDown();
                    return copies.hang();
                }));
            } catch (Exception e) {
                outcome.add(e);
                outcome.add(Thread.currentThread().isInterrupted());
            }
            callerDone.countDown();
        });
        caller.start();
        assertThat(bothRunning.await(5, TimeUnit.SECONDS)).isTrue();

        caller.interrupt();

        assertThat(callerDone.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(outcome.get(0)).isInstanceOf(InterruptedException.class);
        assertThat(outcome.get(1)).as("interrupt flag restored").isEqualTo(true);
        await().until(() -> copies.interrupted.get() == 2);
        assertThat(hedged.stats().totalRequests()).as("abandoned calls are not recorded").isZero();
        assertThat(events).noneMatch(Completed.class::isInstance);
    }

    @Test
    void rejectedExecutionIsAFailureOfThatCopy() {
        Hedged hedged = Hedged.builder("rejecting").delay(Duration.ofMillis(1)).executor(task -> {
            throw new RejectedExecutionException("full");
        }).build();

        Throwable thrown = catchThrowable(() -> hedged.call(() -> "never"));

        assertThat(thrown).isInstanceOf(RejectedExecutionException.class);
        assertThat(thrown.getSuppressed()).hasSize(1).allMatch(RejectedExecutionException.class::isInstance);
    }

    @Test
    void fixedModeCountsEveryCompletedCall() throws Exception {
        // Roles by spawn order (tracked-1 is each call's first copy), not by start order. Whether the two quick calls
        // hedge depends on the machine (a first copy that takes over 10 ms to be scheduled does): the stats must
        // agree with what the calls' Completed events report, whatever happened.
        TrackingExecutor executor = new TrackingExecutor();
        Hedged hedged = listen(Hedged.builder("search").delay(Duration.ofMillis(10)).maxRequests(2)
                .executor(executor).build());
        hedged.call(copies.numbered(n -> Thread.currentThread().getName().equals("tracked-1") ? copies.hang() : "fast"));
        hedged.call(() -> "plain");
        catchThrowable(() -> hedged.call(() -> {
            throw new IOException("failed");
        }));

        HedgedStats stats = hedged.stats();
        List<Completed> calls = events.stream().filter(Completed.class::isInstance).map(Completed.class::cast).toList();
        assertThat(calls).extracting(Completed::success).containsExactly(true, true, false);
        assertThat(calls.get(0).dispatched()).as("the hung first copy forces a hedge").isEqualTo(2);
        assertThat(calls.get(0).hedgeWon()).isTrue();
        assertThat(calls.get(2).dispatched()).as("the failed call hedged too: nothing was left in flight").isEqualTo(2);
        assertThat(stats.totalRequests()).isEqualTo(3);
        assertThat(stats.hedgedRequests()).isEqualTo(calls.stream().filter(c -> c.dispatched() > 1).count());
        assertThat(stats.hedgeWon()).isEqualTo(calls.stream().filter(Completed::hedgeWon).count());
        assertThat(stats.currentDelay()).isEqualTo(Duration.ofMillis(10));
        assertThat(stats.tokens()).isEqualTo(10.0);
        assertThat(stats.p50()).isNotNull();
    }

    @Test
    void adaptiveWithAnEmptyBucketMakesExactlyOneCall() {
        Hedged hedged = listen(Hedged.builder("adaptive").initialDelay(Duration.ofMillis(1)).maxRequests(3)
                .tokenMax(0).build());
        IOException failure = new IOException("down");

        assertThat(catchThrowable(() -> hedged.call(copies.numbered(n -> {
            throw failure;
        })))).isSameAs(failure);
        assertThat(copies.started).hasValue(1);
        assertThat(hedged.stats().hedgedRequests()).isZero();
        assertThat(completed().dispatched()).isEqualTo(1);
    }
}
