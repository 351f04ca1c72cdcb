package dev.resiliency.hedged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.resiliency.ResiliencyTimeoutException;
import dev.resiliency.hedged.HedgedEvent.Completed;
import dev.resiliency.hedged.HedgedEvent.HedgeFired;
import dev.resiliency.testing.FakeScheduler;
import dev.resiliency.testing.FakeTicker;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@code primaryOnCallerThread}: the original copy runs on the caller, hedges on the executor, nothing leaks. */
class HedgedCallerThreadTest {

    private final Copies copies = new Copies();
    private final List<HedgedEvent> events = new CopyOnWriteArrayList<>();
    private final TrackingExecutor executor = new TrackingExecutor();

    private Hedged.Builder onCaller(Duration delay) {
        return Hedged.builder("caller").delay(delay).executor(executor).primaryOnCallerThread(true);
    }

    private Hedged listen(Hedged hedged) {
        hedged.events().subscribe(events::add);
        return hedged;
    }

    private Completed completed() {
        return events.stream().filter(Completed.class::isInstance).map(Completed.class::cast).findFirst().orElseThrow();
    }

    @Test
    void isOffByDefault() {
        assertThat(Hedged.builder("h").build().primaryOnCallerThread()).isFalse();
        Hedged on = Hedged.builder("h").primaryOnCallerThread(true).build();
        assertThat(on.primaryOnCallerThread()).isTrue();
        assertThat(on.toString()).contains("primaryOnCallerThread");
    }

    @Test
    void aFastPrimaryRunsOnTheCallerThreadWithoutTouchingTheExecutor() throws Exception {
        Hedged hedged = listen(onCaller(Duration.ofSeconds(1)).build());
        Thread caller = Thread.currentThread();

        String result = hedged.call(() -> Thread.currentThread() == caller ? "on caller" : "elsewhere");

        assertThat(result).isEqualTo("on caller");
        assertThat(executor.created()).isZero();
        assertThat(completed()).isEqualTo(new Completed("caller", true, 1, false, completed().latency()));
        assertThat(hedged.stats().totalRequests()).isEqualTo(1);
    }

    @Test
    void aHedgeThatWinsInterruptsTheSlowPrimaryAndNoInterruptLeaks() throws Exception {
        Hedged hedged = listen(onCaller(Duration.ofMillis(10)).build());
        Thread caller = Thread.currentThread();
        AtomicReference<Thread> hedgeThread = new AtomicReference<>();

        String result = hedged.call(copies.byThread(primary -> copies.hang(), hedge -> {
            hedgeThread.set(Thread.currentThread());
            return "hedge";
        }));

        assertThat(result).isEqualTo("hedge");
        assertThat(Thread.interrupted()).as("interrupt cleared before returning").isFalse();
        assertThat(copies.interrupted).as("primary interrupted").hasValue(1);
        assertThat(hedgeThread.get()).isNotSameAs(caller);
        assertThat(events).contains(new HedgeFired("caller", 2));
        assertThat(completed().dispatched()).isEqualTo(2);
        assertThat(completed().hedgeWon()).isTrue();
        assertThat(completed().latency()).isGreaterThanOrEqualTo(Duration.ofMillis(10));
        assertThat(hedged.stats().hedgeWon()).isEqualTo(1);
    }

    @Test
    void anUninterruptiblePrimaryKeepsTheCallerButTheHedgeThatWonIsReturned() throws Exception {
        Hedged hedged = listen(onCaller(Duration.ofMillis(5)).build());
        CountDownLatch hedgeDone = new CountDownLatch(1);

        String result = hedged.call(copies.byThread(primary -> {
            // Ignores interrupts, like a blocking read on a classic socket, until the hedge has won and the
            // interrupt meant to stop it has arrived.
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while ((hedgeDone.getCount() > 0 || !Thread.currentThread().isInterrupted())
                    && System.nanoTime() - giveUp < 0) {
                Thread.onSpinWait();
            }
            return "primary";
        }, hedge -> {
            hedgeDone.countDown();
            return "hedge";
        }));

        assertThat(result).isEqualTo("hedge");
        assertThat(Thread.interrupted()).isFalse();
        assertThat(completed().hedgeWon()).isTrue();
    }

    @Test
    void theDeadlineInterruptsThePrimaryAndTimesOut() {
        Hedged hedged = listen(onCaller(Duration.ofSeconds(5)).timeout(Duration.ofMillis(30)).build());

        Throwable thrown = catchThrowable(() -> hedged.call(copies.numbered(n -> copies.hang())));

        assertThat(thrown).isInstanceOf(ResiliencyTimeoutException.class);
        assertThat(Thread.interrupted()).isFalse();
        assertThat(copies.interrupted).hasValue(1);
        assertThat(copies.started).hasValue(1);
        assertThat(completed().success()).isFalse();
    }

    @Test
    void theDeadlineInterruptsThePrimaryAndCancelsTheHedges() throws Exception {
        // Virtual time, advanced by another thread while the primary hangs on this one; hedges on real threads.
        FakeTicker ticker = new FakeTicker();
        FakeScheduler scheduler = new FakeScheduler(ticker);
        Hedged hedged = listen(onCaller(Duration.ofMillis(5)).maxRequests(3).timeout(Duration.ofMillis(100))
                .ticker(ticker).scheduler(scheduler).build());
        Thread caller = Thread.currentThread();
        AtomicReference<Throwable> clockFailure = new AtomicReference<>();
        Thread clock = new Thread(() -> {
            try {
                for (int started = 1; started <= 3; started++) {
                    int expected = started;
                    // The copy started and the run armed its timer: only then is the next step meaningful.
                    await().until(() -> copies.started.get() == expected && scheduler.pending() > 0);
                    scheduler.advance(Duration.ofMillis(expected < 3 ? 5 : 100));
                }
            } catch (Throwable failure) {
                clockFailure.set(failure);
                caller.interrupt(); // never leave the caller hanging
            }
        });
        clock.start();

        Throwable thrown = catchThrowable(() -> hedged.call(copies.numbered(n -> copies.hang())));
        clock.join(5_000);

        assertThat(clockFailure.get()).isNull();
        assertThat(thrown).isInstanceOf(ResiliencyTimeoutException.class);
        assertThat(Thread.interrupted()).isFalse();
        assertThat(completed().dispatched()).isEqualTo(3);
        // Timed out at 100 ms; the clock thread may already have moved the fake time on to 110 ms when it is read.
        assertThat(completed().latency()).isBetween(Duration.ofMillis(100), Duration.ofMillis(110));
        await().until(() -> copies.interrupted.get() == 3);
        await().until(() -> executor.alive() == 0);
    }

    @Test
    void aFailingPrimaryFiresTheHedgeAtOnce() throws Exception {
        Hedged hedged = listen(onCaller(Duration.ofSeconds(5)).build());
        long start = System.nanoTime();

        String result = hedged.call(copies.byThread(primary -> {
            throw new IOException("primary down");
        }, hedge -> "hedge"));

        assertThat(result).isEqualTo("hedge");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no 5 s delay waited").isLessThan(Duration.ofSeconds(4));
        assertThat(executor.created()).isEqualTo(1);
        assertThat(completed().hedgeWon()).isTrue();
    }

    @Test
    void everyCopyFailingRethrowsTheLastFailureWithThePrimarysSuppressed() {
        Hedged hedged = onCaller(Duration.ofMillis(5)).build();
        IOException primary = new IOException("primary");
        IOException hedge = new IOException("hedge");

        Throwable thrown = catchThrowable(() -> hedged.call(copies.byThread(n -> {
            throw primary;
        }, n -> {
            throw hedge;
        })));

        assertThat(thrown).isSameAs(hedge);
        assertThat(thrown.getSuppressed()).containsExactly(primary);
    }

    @Test
    void aHedgeFailingWhileThePrimaryRunsIsReportedWithTheOutcome() throws Exception {
        Hedged hedged = listen(onCaller(Duration.ofMillis(5)).build());
        IOException hedge = new IOException("hedge");
        CountDownLatch hedgeFailed = new CountDownLatch(1);

        String result = hedged.call(copies.byThread(primary -> {
            hedgeFailed.await();
            return "primary";
        }, n -> {
            hedgeFailed.countDown();
            throw hedge;
        }));

        assertThat(result).isEqualTo("primary");
        assertThat(Thread.interrupted()).isFalse();
        assertThat(completed().dispatched()).isEqualTo(2);
        assertThat(completed().hedgeWon()).isFalse();
    }

    @Test
    void aNonFatalHedgeFailureFiresTheNextHedgeWhileThePrimaryRuns() throws Exception {
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        Hedged hedged = onCaller(Duration.ofMillis(20)).maxRequests(3).nonFatal(IOException.class::isInstance)
                .onHedge(attempts::add).build();

        String result = hedged.call(copies.byThread(primary -> copies.hang(), hedge -> {
            if (hedge == 1) {
                throw new IOException("retriable");
            }
            return "third";
        }));

        assertThat(result).isEqualTo("third");
        assertThat(attempts).containsExactly(2, 3);
        assertThat(Thread.interrupted()).isFalse();
    }

    @Test
    void anErrorFromAHedgeEndsTheCallAtOnce() {
        Hedged hedged = onCaller(Duration.ofMillis(5)).maxRequests(3).build();
        AssertionError error = new AssertionError("broken");

        Throwable thrown = catchThrowable(() -> hedged.call(copies.byThread(primary -> copies.hang(), hedge -> {
            if (hedge == 1) {
                throw error;
            }
            return copies.hang();
        })));

        assertThat(thrown).isSameAs(error);
        assertThat(Thread.interrupted()).isFalse();
        assertThat(copies.interrupted.get()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void onHedgeThrowingInterruptsThePrimaryAndRethrows() {
        IllegalStateException boom = new IllegalStateException("onHedge");
        Hedged hedged = onCaller(Duration.ofMillis(5)).onHedge(attempt -> {
            throw boom;
        }).build();

        Throwable thrown = catchThrowable(() -> hedged.call(copies.numbered(n -> copies.hang())));

        assertThat(thrown).isSameAs(boom);
        assertThat(Thread.interrupted()).isFalse();
        assertThat(copies.started).hasValue(1);
    }

    @Test
    void interruptingTheCallerFromElsewhereAbandonsTheCall() throws Exception {
        Hedged hedged = listen(onCaller(Duration.ofSeconds(5)).build());
        CountDownLatch running = new CountDownLatch(1);
        List<Object> outcome = new CopyOnWriteArrayList<>();
        Thread caller = new Thread(() -> {
            try {
                hedged.call(copies.numbered(n -> {
                    running.countDown();
                    return copies.hang();
                }));
            } catch (Exception e) {
                outcome.add(e);
                outcome.add(Thread.currentThread().isInterrupted());
            }
        });
        caller.start();
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

        caller.interrupt();
        caller.join(5_000);

        assertThat(outcome.get(0)).isInstanceOf(InterruptedException.class);
        assertThat(outcome.get(1)).as("interrupt flag kept").isEqualTo(true);
        assertThat(hedged.stats().totalRequests()).as("abandoned calls are not recorded").isZero();
        assertThat(events).noneMatch(Completed.class::isInstance);
    }

    @Test
    void anEmptyTokenBucketRunsThePrimaryOnly() throws Exception {
        Hedged hedged = listen(Hedged.builder("adaptive").initialDelay(Duration.ofMillis(1)).tokenMax(0)
                .executor(executor).primaryOnCallerThread(true).build());

        String result = hedged.call(copies.numbered(n -> {
            new CountDownLatch(1).await(30, TimeUnit.MILLISECONDS); // a slow primary
            return "primary";
        }));

        assertThat(result).isEqualTo("primary");
        assertThat(copies.started).hasValue(1);
        assertThat(events).noneMatch(HedgeFired.class::isInstance);
        assertThat(hedged.stats().hedgedRequests()).isZero();
    }

    @Test
    void aSchedulerThatRefusesTimersFailsTheCallBeforeThePrimaryRuns() {
        RejectedExecutionException refused = new RejectedExecutionException("shut down");
        Hedged hedged = onCaller(Duration.ofMillis(5)).scheduler((task, delay) -> {
            throw refused;
        }).build();

        assertThat(catchThrowable(() -> hedged.call(copies.numbered(n -> "primary")))).isSameAs(refused);
        assertThat(catchThrowable(() -> hedged.call(copies.numbered(n -> "primary")))).as("retried, not stuck")
                .isSameAs(refused);
        assertThat(copies.started).hasValue(0);
    }

    @Test
    void aZeroDelayStartsEveryCopyOnTheExecutor() throws Exception {
        Hedged hedged = onCaller(Duration.ZERO).maxRequests(3).build();

        hedged.call(() -> "any");

        assertThat(executor.created()).isEqualTo(3);
    }

    @Test
    void aHedgeCompletingInsideTheTimerIsHandledAfterTheFiringWithVirtualTime() throws Exception {
        // A direct executor runs the timer's work and the hedge inline, inside the primary (on this thread), so
        // the hedge reports while the run is still firing it; the interrupt lands on this thread and is cleared.
        FakeTicker ticker = new FakeTicker();
        FakeScheduler scheduler = new FakeScheduler(ticker);
        Hedged hedged = listen(Hedged.builder("virtual").delay(Duration.ofMillis(100)).ticker(ticker)
                .scheduler(scheduler).executor(Runnable::run).primaryOnCallerThread(true).build());

        String result = hedged.call(copies.numbered(n -> {
            if (n > 0) {
                return "hedge";
            }
            scheduler.advance(Duration.ofMillis(100));
            return Thread.currentThread().isInterrupted() ? "primary, interrupted" : "primary";
        }));

        assertThat(result).isEqualTo("hedge");
        assertThat(Thread.interrupted()).isFalse();
        assertThat(completed().latency()).isEqualTo(Duration.ofMillis(100));
        assertThat(scheduler.requestedDelays()).first().isEqualTo(Duration.ofMillis(100));
    }
}
