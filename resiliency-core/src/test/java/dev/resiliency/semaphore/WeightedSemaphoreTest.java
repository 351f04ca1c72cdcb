package dev.resiliency.semaphore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static dev.resiliency.semaphore.Threads.until;

import dev.resiliency.ResiliencyTimeoutException;
import dev.resiliency.SemaphoreRejectedException;
import dev.resiliency.testing.FakeTicker;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WeightedSemaphoreTest {

    private final FakeTicker ticker = new FakeTicker();
    private final Threads threads = new Threads();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stopThreads() {
        release.countDown();
        threads.close();
    }

    private WeightedSemaphore semaphore(int max) {
        return WeightedSemaphore.builder("ws").max(max).ticker(ticker).build();
    }

    @Test
    void runsTheCallableWithItsPermitsAndGivesThemBack() throws Exception {
        WeightedSemaphore semaphore = semaphore(10);
        int seen = semaphore.acquire(3, () -> semaphore.current());
        assertThat(seen).isEqualTo(3);
        assertThat(semaphore.current()).isZero();
        assertThat(semaphore.available()).isEqualTo(10);
    }

    @Test
    void rethrowsTheCallablesCheckedExceptionUnchangedAndReleases() {
        WeightedSemaphore semaphore = semaphore(10);
        IOException boom = new IOException("boom");
        assertThatThrownBy(() -> semaphore.acquire(4, () -> {
            throw boom;
        })).isSameAs(boom);
        assertThat(semaphore.current()).isZero();
    }

    @Test
    void letsAnErrorThroughAndStillReleases() {
        WeightedSemaphore semaphore = semaphore(10);
        StackOverflowError error = new StackOverflowError();
        assertThatThrownBy(() -> semaphore.tryAcquire(10, () -> {
            throw error;
        })).isSameAs(error);
        assertThat(semaphore.current()).isZero();
    }

    @Test
    void largeWaiterAtTheHeadBlocksSmallerOnesBehindIt() throws Exception {
        WeightedSemaphore semaphore = semaphore(10);
        List<String> ran = new CopyOnWriteArrayList<>();
        Future<String> holder = threads.hold(semaphore, 5, release);
        Future<String> eight = threads.start(() -> semaphore.acquire(8, () -> ran.add("8") ? "8" : ""));
        until(() -> semaphore.queueLength() == 1);
        Future<String> one = threads.start(() -> semaphore.acquire(1, () -> ran.add("1") ? "1" : ""));
        until(() -> semaphore.queueLength() == 2);

        assertThat(semaphore.available()).isEqualTo(5); // enough for the weight-1, yet it waits behind the 8
        assertThat(ran).isEmpty();

        release.countDown();
        assertThat(holder.get(5, TimeUnit.SECONDS)).isEqualTo("held 5");
        assertThat(eight.get(5, TimeUnit.SECONDS)).isEqualTo("8");
        assertThat(one.get(5, TimeUnit.SECONDS)).isEqualTo("1");
        assertThat(semaphore.current()).isZero();
        assertThat(semaphore.queueLength()).isZero();
    }

    @Test
    void waitersRunInArrivalOrderWhenTheyDoNotFitTogether() throws Exception {
        WeightedSemaphore semaphore = semaphore(10);
        CountDownLatch releaseEight = new CountDownLatch(1);
        Future<String> holder = threads.hold(semaphore, 5, release);
        AtomicBoolean eightRunning = new AtomicBoolean();
        Future<String> eight = threads.start(() -> semaphore.acquire(8, () -> {
            eightRunning.set(true);
            releaseEight.await();
            eightRunning.set(false);
            return "8";
        }));
        until(() -> semaphore.queueLength() == 1);
        Future<Boolean> three = threads.start(() -> semaphore.acquire(3, () -> !eightRunning.get()));
        until(() -> semaphore.queueLength() == 2);

        release.countDown();
        holder.get(5, TimeUnit.SECONDS);
        until(eightRunning::get);
        assertThat(semaphore.current()).isEqualTo(8);
        assertThat(semaphore.queueLength()).isEqualTo(1); // the 3 waits: 8 + 3 > 10

        releaseEight.countDown();
        assertThat(eight.get(5, TimeUnit.SECONDS)).isEqualTo("8");
        assertThat(three.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(semaphore.current()).isZero();
    }

    @Test
    void tryAcquireIsRejectedWhenSomeoneIsQueuedEvenWithRawCapacity() throws Exception {
        WeightedSemaphore semaphore = semaphore(10);
        threads.hold(semaphore, 5, release);
        threads.start(() -> semaphore.acquire(8, () -> "8"));
        until(() -> semaphore.queueLength() == 1);
        AtomicBoolean ran = new AtomicBoolean();

        assertThatThrownBy(() -> semaphore.tryAcquire(1, () -> ran.getAndSet(true)))
                .isInstanceOf(SemaphoreRejectedException.class)
                .hasMessageContaining("'ws'")
                .hasMessageContaining("weight 1")
                .hasMessageContaining("available: 5")
                .hasMessageContaining("queued: 1");
        assertThat(ran).isFalse();
        assertThat(semaphore.stats().rejected()).isEqualTo(1);
    }

    @Test
    void tryAcquireIsRejectedWhenThePermitsAreNotFree() throws Exception {
        WeightedSemaphore semaphore = semaphore(10);
        threads.hold(semaphore, 8, release);
        assertThatThrownBy(() -> semaphore.tryAcquire(3, () -> "x"))
                .isInstanceOfSatisfying(SemaphoreRejectedException.class,
                        e -> assertThat(e.instanceName()).isEqualTo("ws"));
        assertThat(semaphore.tryAcquire(2, () -> "fits")).isEqualTo("fits");
        assertThat(semaphore.queueLength()).isZero();
    }

    @Test
    void timedOutWaiterLeavesTheQueueWithoutRunningAndLaterWaitersAreServed() throws Exception {
        WeightedSemaphore semaphore = semaphore(10);
        threads.hold(semaphore, 5, release);
        AtomicBoolean eightRan = new AtomicBoolean();
        Future<String> eight = threads.start(
                () -> semaphore.acquire(8, () -> eightRan.getAndSet(true) + "", Duration.ofMillis(50)));
        until(() -> semaphore.queueLength() == 1);
        Future<String> two = threads.start(() -> semaphore.acquire(2, () -> "2"));
        until(() -> semaphore.queueLength() == 2);

        ticker.advanceMillis(50);

        assertThatThrownBy(() -> eight.get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ResiliencyTimeoutException.class)
                .cause().hasMessageContaining("50 ms");
        // Removing the head let the weight-2 in at once, while the holder still holds its 5.
        assertThat(two.get(5, TimeUnit.SECONDS)).isEqualTo("2");
        assertThat(semaphore.current()).isEqualTo(5);
        assertThat(eightRan).isFalse();
        assertThat(semaphore.stats().timedOut()).isEqualTo(1);

        release.countDown();
        until(() -> semaphore.current() == 0);
        assertThat(semaphore.queueLength()).isZero();
    }

    @Test
    void waiterDoesNotTimeOutBeforeTheTickerReachesItsDeadline() throws Exception {
        WeightedSemaphore semaphore = semaphore(1);
        threads.hold(semaphore, 1, release);
        Future<String> waiter = threads.start(() -> semaphore.acquire(1, () -> "ran", Duration.ofMillis(20)));
        until(() -> semaphore.queueLength() == 1);
        ticker.advanceMillis(19);
        release.countDown();
        assertThat(waiter.get(5, TimeUnit.SECONDS)).isEqualTo("ran");
        assertThat(semaphore.stats().timedOut()).isZero();
    }

    @Test
    void timeoutOfAWaiterBehindTheHeadLetsNobodyIn() throws Exception {
        WeightedSemaphore semaphore = semaphore(10);
        threads.hold(semaphore, 5, release);
        Future<String> eight = threads.start(() -> semaphore.acquire(8, () -> "8"));
        until(() -> semaphore.queueLength() == 1);
        Future<String> one = threads.start(() -> semaphore.acquire(1, () -> "1", Duration.ofMillis(20)));
        until(() -> semaphore.queueLength() == 2);

        ticker.advanceMillis(20);

        assertThatThrownBy(() -> one.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(ResiliencyTimeoutException.class);
        assertThat(semaphore.queueLength()).isEqualTo(1);
        assertThat(eight.isDone()).isFalse();
        release.countDown();
        assertThat(eight.get(5, TimeUnit.SECONDS)).isEqualTo("8");
        assertThat(semaphore.current()).isZero();
    }

    @Test
    void zeroTimeoutFailsAtOnceWhenThePermitsAreNotFreeAndRunsWhenTheyAre() throws Exception {
        WeightedSemaphore semaphore = semaphore(2);
        assertThat(semaphore.acquire(2, () -> "free", Duration.ZERO)).isEqualTo("free");
        threads.hold(semaphore, 1, release);
        assertThatThrownBy(() -> semaphore.acquire(2, () -> "busy", Duration.ZERO))
                .isInstanceOf(ResiliencyTimeoutException.class);
        assertThat(semaphore.queueLength()).isZero();
        assertThat(semaphore.stats().timedOut()).isEqualTo(1);
    }

    @Test
    void interruptedWaiterLeavesTheQueueKeepsItsFlagAndHoldsNoPermit() throws Exception {
        WeightedSemaphore semaphore = semaphore(4);
        threads.hold(semaphore, 3, release);
        AtomicBoolean flagAfterwards = new AtomicBoolean();
        AtomicBoolean ran = new AtomicBoolean();
        Thread waiter = new Thread(() -> {
            try {
                semaphore.acquire(2, () -> ran.getAndSet(true));
            } catch (InterruptedException expected) {
                flagAfterwards.set(Thread.currentThread().isInterrupted());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        waiter.start();
        until(() -> semaphore.queueLength() == 1);
        waiter.interrupt();
        waiter.join(5_000);

        assertThat(flagAfterwards).isTrue();
        assertThat(ran).isFalse();
        assertThat(semaphore.queueLength()).isZero();
        assertThat(semaphore.current()).isEqualTo(3);
        release.countDown();
        until(() -> semaphore.current() == 0);
    }

    @Test
    void interruptedHeadLetsTheWaitersBehindItIn() throws Exception {
        WeightedSemaphore semaphore = semaphore(10);
        threads.hold(semaphore, 5, release);
        Thread head = new Thread(() -> {
            try {
                semaphore.acquire(8, () -> "8");
            } catch (Exception expected) {
                // interrupted
            }
        });
        head.start();
        until(() -> semaphore.queueLength() == 1);
        Future<String> two = threads.start(() -> semaphore.acquire(2, () -> "2"));
        until(() -> semaphore.queueLength() == 2);

        head.interrupt();

        assertThat(two.get(5, TimeUnit.SECONDS)).isEqualTo("2");
        assertThat(semaphore.current()).isEqualTo(5);
        head.join(5_000);
    }

    @Test
    void interruptedCallerThatWouldHaveToWaitThrowsAtOnce() throws Exception {
        WeightedSemaphore semaphore = semaphore(1);
        threads.hold(semaphore, 1, release);
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> semaphore.acquire(1, () -> "x")).isInstanceOf(InterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(semaphore.queueLength()).isZero();
    }

    @Test
    void interruptedCallerWithFreePermitsRunsAndItsCallableSeesTheFlag() throws Exception {
        WeightedSemaphore semaphore = semaphore(1);
        Thread.currentThread().interrupt();
        try {
            assertThat(semaphore.acquire(1, () -> Thread.currentThread().isInterrupted())).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(semaphore.current()).isZero();
    }

    @Test
    void countsAndPublishesEveryOutcome() throws Exception {
        WeightedSemaphore semaphore = semaphore(3);
        List<SemaphoreEvent> events = new CopyOnWriteArrayList<>();
        semaphore.events().subscribe(events::add);

        semaphore.acquire(2, () -> "a");
        threads.hold(semaphore, 3, release);
        assertThatThrownBy(() -> semaphore.tryAcquire(1, () -> "b")).isInstanceOf(SemaphoreRejectedException.class);
        assertThatThrownBy(() -> semaphore.acquire(1, () -> "c", Duration.ZERO))
                .isInstanceOf(ResiliencyTimeoutException.class);
        release.countDown();
        until(() -> semaphore.current() == 0);

        assertThat(events).containsExactly(
                new SemaphoreEvent.Acquired("ws", 2), new SemaphoreEvent.Released("ws", 2),
                new SemaphoreEvent.Acquired("ws", 3),
                new SemaphoreEvent.Rejected("ws", 1), new SemaphoreEvent.TimedOut("ws", 1),
                new SemaphoreEvent.Released("ws", 3));
        assertThat(semaphore.stats()).isEqualTo(new WeightedSemaphoreStats(3, 0, 3, 0, 2, 1, 1));
    }

    @Test
    void statsShowPermitsInUseAndTheQueue() throws Exception {
        WeightedSemaphore semaphore = semaphore(10);
        threads.hold(semaphore, 7, release);
        threads.start(() -> semaphore.acquire(4, () -> "4"));
        until(() -> semaphore.queueLength() == 1);
        assertThat(semaphore.stats()).isEqualTo(new WeightedSemaphoreStats(10, 7, 3, 1, 1, 0, 0));
        assertThat(semaphore.name()).isEqualTo("ws");
        assertThat(semaphore.max()).isEqualTo(10);
    }

    @Test
    void unsubscribedListenerNoLongerReceivesEvents() throws Exception {
        WeightedSemaphore semaphore = semaphore(1);
        List<SemaphoreEvent> events = new CopyOnWriteArrayList<>();
        semaphore.events().subscribe(events::add).close();
        semaphore.acquire(1, () -> "x");
        assertThat(events).isEmpty();
    }

    @Test
    void waitsWithoutLimitWhenNoTimeoutIsGiven() throws Exception {
        WeightedSemaphore semaphore = semaphore(1);
        threads.hold(semaphore, 1, release);
        Future<String> waiter = threads.start(() -> semaphore.acquire(1, () -> "eventually"));
        until(() -> semaphore.queueLength() == 1);
        ticker.advance(Duration.ofDays(1000));
        assertThat(waiter.isDone()).isFalse();
        release.countDown();
        assertThat(waiter.get(5, TimeUnit.SECONDS)).isEqualTo("eventually");
    }

    @Test
    void hugeTimeoutMeansWaitWithoutLimit() throws Exception {
        WeightedSemaphore semaphore = semaphore(1);
        threads.hold(semaphore, 1, release);
        Future<String> waiter = threads.start(
                () -> semaphore.acquire(1, () -> "eventually", Duration.ofSeconds(Long.MAX_VALUE)));
        until(() -> semaphore.queueLength() == 1);
        release.countDown();
        assertThat(waiter.get(5, TimeUnit.SECONDS)).isEqualTo("eventually");
    }

    @Test
    void waiterGrantedAsTheCallerIsInterruptedGivesThePermitsBack() throws Exception {
        // Many rounds of an interrupt racing the hand-off: whichever wins, no permit may stay taken.
        WeightedSemaphore semaphore = semaphore(1);
        for (int round = 0; round < 200; round++) {
            CountDownLatch go = new CountDownLatch(1);
            Future<String> holder = threads.hold(semaphore, 1, go);
            Thread waiter = new Thread(() -> {
                try {
                    semaphore.acquire(1, () -> "ran");
                } catch (Exception ignored) {
                    // interrupted or ran: both fine
                }
            });
            waiter.start();
            until(() -> semaphore.queueLength() == 1);
            go.countDown();
            waiter.interrupt();
            waiter.join(5_000);
            holder.get(5, TimeUnit.SECONDS);
            assertThat(semaphore.current()).isZero();
            assertThat(semaphore.queueLength()).isZero();
        }
    }

    @Test
    void exceptionInAWaiterAfterAGrantStillReleases() throws Exception {
        WeightedSemaphore semaphore = semaphore(2);
        threads.hold(semaphore, 2, release);
        IllegalStateException boom = new IllegalStateException("boom");
        Future<String> waiter = threads.start(() -> semaphore.acquire(2, () -> {
            throw boom;
        }));
        until(() -> semaphore.queueLength() == 1);
        release.countDown();
        assertThatThrownBy(() -> waiter.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isSameAs(boom);
        assertThat(semaphore.current()).isZero();
    }
}
