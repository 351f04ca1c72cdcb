package dev.resiliency.singleflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resiliency.ResiliencyTimeoutException;
import dev.resiliency.testing.FakeTicker;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SingleFlightTest {

    private final FakeTicker ticker = new FakeTicker();
    private final SingleFlight flight = SingleFlight.builder("sf").ticker(ticker).build();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger runs = new AtomicInteger();

    @AfterEach
    void stop() {
        release.countDown();
        pool.shutdownNow();
    }

    static void until(Callable<Boolean> condition) {
        Awaitility.await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(10))
                .until(condition);
    }

    /** Starts a leader for {@code key} whose call returns {@code value} once {@code gate} opens. */
    private <T> Future<T> startLeader(Object key, T value, CountDownLatch gate) {
        long leadersBefore = flight.stats().leaderCalls();
        Future<T> leader = pool.submit(() -> flight.call(key, () -> {
            runs.incrementAndGet();
            gate.await();
            return value;
        }));
        until(() -> flight.stats().leaderCalls() == leadersBefore + 1);
        return leader;
    }

    /** Starts a caller for {@code key} and returns once it has joined the flight in progress. */
    private <T> Future<T> startFollower(Object key, Callable<T> callable, Duration timeout) {
        long sharedBefore = flight.stats().sharedCalls();
        Future<T> follower = pool.submit(() -> timeout == null ? flight.call(key, callable)
                : flight.call(key, callable, timeout));
        until(() -> flight.stats().sharedCalls() == sharedBefore + 1);
        return follower;
    }

    private Callable<String> mustNotRun() {
        return () -> {
            throw new AssertionError("a follower's callable ran");
        };
    }

    @Test
    void leaderRunsTheCallableInItsOwnThread() throws Exception {
        Thread caller = Thread.currentThread();
        assertThat(flight.call("k", () -> Thread.currentThread() == caller)).isTrue();
        assertThat(flight.inFlight()).isZero();
    }

    @Test
    void concurrentCallerWaitsAndReceivesTheLeadersValue() throws Exception {
        Future<String> leader = startLeader("k", "value", release);
        Future<String> follower = startFollower("k", mustNotRun(), null);
        assertThat(flight.inFlight()).isEqualTo(1);
        release.countDown();
        assertThat(leader.get(5, TimeUnit.SECONDS)).isEqualTo("value");
        assertThat(follower.get(5, TimeUnit.SECONDS)).isEqualTo("value");
        assertThat(runs).hasValue(1);
        assertThat(flight.inFlight()).isZero();
    }

    @Test
    void followerRethrowsTheLeadersCheckedExceptionAsTheSameInstance() throws Exception {
        IOException boom = new IOException("boom");
        Future<String> leader = pool.submit(() -> flight.call("k", () -> {
            release.await();
            throw boom;
        }));
        until(() -> flight.inFlight() == 1);
        Future<String> follower = startFollower("k", mustNotRun(), null);
        release.countDown();
        assertThatThrownBy(() -> leader.get(5, TimeUnit.SECONDS)).cause().isSameAs(boom);
        assertThatThrownBy(() -> follower.get(5, TimeUnit.SECONDS)).cause().isSameAs(boom);
    }

    @Test
    void errorsReachEveryWaiter() throws Exception {
        Error error = new LinkageError("simulated");
        Future<String> leader = pool.submit(() -> flight.call("k", () -> {
            release.await();
            throw error;
        }));
        until(() -> flight.inFlight() == 1);
        Future<String> follower = startFollower("k", mustNotRun(), null);
        release.countDown();
        assertThatThrownBy(() -> leader.get(5, TimeUnit.SECONDS)).cause().isSameAs(error);
        assertThatThrownBy(() -> follower.get(5, TimeUnit.SECONDS)).cause().isSameAs(error);
        assertThat(flight.inFlight()).isZero();
    }

    @Test
    void nullValueIsSharedLikeAnyOther() throws Exception {
        Future<String> leader = startLeader("k", null, release);
        Future<String> follower = startFollower("k", mustNotRun(), null);
        release.countDown();
        assertThat(leader.get(5, TimeUnit.SECONDS)).isNull();
        assertThat(follower.get(5, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void nothingIsCachedAfterCompletion() throws Exception {
        assertThat(flight.call("k", runs::incrementAndGet)).isEqualTo(1);
        assertThat(flight.call("k", runs::incrementAndGet)).isEqualTo(2);
    }

    @Test
    void keyIsFreedBeforeTheWaitersAreWoken() throws Exception {
        Future<String> leader = startLeader("k", "first", release);
        Future<String> followerThenNewCall = startFollower("k", mustNotRun(), null);
        release.countDown();
        assertThat(followerThenNewCall.get(5, TimeUnit.SECONDS)).isEqualTo("first");
        // The follower was woken after the key was freed: a call made right after it starts afresh.
        assertThat(flight.call("k", () -> "second")).isEqualTo("second");
        assertThat(leader.get(5, TimeUnit.SECONDS)).isEqualTo("first");
    }

    @Test
    void equalKeysShareAFlightAndDifferentKeysDoNot() throws Exception {
        CountDownLatch bothRunning = new CountDownLatch(2);
        Future<String> a = pool.submit(() -> flight.call(List.of("compound", 1), () -> {
            bothRunning.countDown();
            bothRunning.await();
            return "a";
        }));
        Future<String> b = pool.submit(() -> flight.call(List.of("compound", 2), () -> {
            bothRunning.countDown();
            bothRunning.await();
            return "b";
        }));
        assertThat(a.get(5, TimeUnit.SECONDS)).isEqualTo("a"); // they ran at the same time
        assertThat(b.get(5, TimeUnit.SECONDS)).isEqualTo("b");

        Future<String> leader = startLeader(new StringBuilder("x").toString(), "shared", release);
        Future<String> follower = startFollower("x", mustNotRun(), null);
        release.countDown();
        assertThat(follower.get(5, TimeUnit.SECONDS)).isEqualTo("shared");
        assertThat(leader.get(5, TimeUnit.SECONDS)).isEqualTo("shared");
    }

    @Test
    void forgetDetachesTheFlightSoTheNextCallerStartsASecondOne() throws Exception {
        CountDownLatch releaseSecond = new CountDownLatch(1);
        Future<String> leader1 = startLeader("k", "first", release);
        Future<String> follower1 = startFollower("k", mustNotRun(), null);

        flight.forget("k");
        assertThat(flight.inFlight()).isZero();

        Future<String> leader2 = startLeader("k", "second", releaseSecond);
        Future<String> follower2 = startFollower("k", mustNotRun(), null);
        assertThat(runs).hasValue(2);

        release.countDown();
        assertThat(leader1.get(5, TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(follower1.get(5, TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(flight.inFlight()).as("the first flight must not free the second one's key").isEqualTo(1);
        assertThat(follower2.isDone()).isFalse();

        releaseSecond.countDown();
        assertThat(leader2.get(5, TimeUnit.SECONDS)).isEqualTo("second");
        assertThat(follower2.get(5, TimeUnit.SECONDS)).isEqualTo("second");
        assertThat(flight.inFlight()).isZero();
    }

    @Test
    void forgettingAKeyNotInFlightDoesNothing() throws Exception {
        flight.forget("unknown");
        assertThat(flight.call("unknown", () -> "fine")).isEqualTo("fine");
    }

    @Test
    void waiterTimeoutThrowsInThatWaiterOnlyAndTheFlightCarriesOn() throws Exception {
        Future<String> leader = startLeader("k", "value", release);
        Future<String> patient = startFollower("k", mustNotRun(), null);
        Future<String> impatient = startFollower("k", mustNotRun(), Duration.ofMillis(50));

        ticker.advanceMillis(50);

        assertThatThrownBy(() -> impatient.get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOf(ResiliencyTimeoutException.class).hasMessageContaining("'sf'").hasMessageContaining("50 ms");
        assertThat(flight.inFlight()).isEqualTo(1);
        assertThat(leader.isDone()).isFalse();
        release.countDown();
        assertThat(leader.get(5, TimeUnit.SECONDS)).isEqualTo("value");
        assertThat(patient.get(5, TimeUnit.SECONDS)).isEqualTo("value");
        assertThat(runs).hasValue(1);
        assertThat(flight.inFlight()).isZero();
    }

    @Test
    void waiterDoesNotTimeOutBeforeTheTickerReachesItsDeadline() throws Exception {
        Future<String> leader = startLeader("k", "value", release);
        Future<String> follower = startFollower("k", mustNotRun(), Duration.ofMillis(20));
        ticker.advanceMillis(19);
        release.countDown();
        assertThat(follower.get(5, TimeUnit.SECONDS)).isEqualTo("value");
        assertThat(leader.get(5, TimeUnit.SECONDS)).isEqualTo("value");
    }

    @Test
    void leaderIgnoresItsTimeoutWhileAZeroTimeoutWaiterGivesUpAtOnce() throws Exception {
        Future<String> leader = pool.submit(() -> flight.call("k", () -> {
            release.await();
            return "value";
        }, Duration.ZERO));
        until(() -> flight.inFlight() == 1);
        assertThatThrownBy(() -> flight.call("k", mustNotRun(), Duration.ZERO))
                .isInstanceOf(ResiliencyTimeoutException.class);
        release.countDown();
        assertThat(leader.get(5, TimeUnit.SECONDS)).isEqualTo("value");
    }

    @Test
    void interruptedWaiterThrowsWithItsFlagSetAndTheFlightIsUnaffected() throws Exception {
        Future<String> leader = startLeader("k", "value", release);
        AtomicBoolean flagAfterwards = new AtomicBoolean();
        long sharedBefore = flight.stats().sharedCalls();
        Thread waiter = new Thread(() -> {
            try {
                flight.call("k", mustNotRun());
            } catch (InterruptedException expected) {
                flagAfterwards.set(Thread.currentThread().isInterrupted());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        waiter.start();
        until(() -> flight.stats().sharedCalls() == sharedBefore + 1);
        waiter.interrupt();
        waiter.join(5_000);
        assertThat(flagAfterwards).isTrue();
        assertThat(flight.inFlight()).isEqualTo(1);
        release.countDown();
        assertThat(leader.get(5, TimeUnit.SECONDS)).isEqualTo("value");
    }

    @Test
    void interruptingTheLeaderReachesItsCallableAndTheWaitersGetWhatItThrew() throws Exception {
        AtomicReference<Thread> leaderThread = new AtomicReference<>();
        Future<String> leader = pool.submit(() -> flight.call("k", () -> {
            leaderThread.set(Thread.currentThread());
            new CountDownLatch(1).await(); // a hung call, until interrupted
            return "never";
        }));
        until(() -> leaderThread.get() != null);
        Future<String> follower = startFollower("k", mustNotRun(), null);
        leaderThread.get().interrupt();

        Throwable thrownToLeader = catchCause(leader);
        assertThat(thrownToLeader).isInstanceOf(InterruptedException.class);
        assertThat(catchCause(follower)).isSameAs(thrownToLeader);
        assertThat(flight.inFlight()).isZero();
    }

    @Test
    void countsLeadersAndSharedCallsAndPublishesOneEventPerCaller() throws Exception {
        List<SingleFlightEvent> events = new CopyOnWriteArrayList<>();
        flight.events().subscribe(events::add);
        Future<String> leader = startLeader("k", "v", release);
        Future<String> f1 = startFollower("k", mustNotRun(), null);
        Future<String> f2 = startFollower("k", mustNotRun(), null);
        release.countDown();
        leader.get(5, TimeUnit.SECONDS);
        f1.get(5, TimeUnit.SECONDS);
        f2.get(5, TimeUnit.SECONDS);

        assertThat(events).hasSize(3).allSatisfy(e -> {
            SingleFlightEvent.FlightCompleted completed = (SingleFlightEvent.FlightCompleted) e;
            assertThat(completed.name()).isEqualTo("sf");
            assertThat(completed.key()).isEqualTo("k");
            assertThat(completed.errorOrNull()).isNull();
        });
        assertThat(events).filteredOn(e -> !((SingleFlightEvent.FlightCompleted) e).shared()).hasSize(1);
        assertThat(flight.stats()).isEqualTo(new SingleFlightStats(0, 1, 2));
    }

    @Test
    void eventsCarryTheFailure() {
        List<SingleFlightEvent> events = new CopyOnWriteArrayList<>();
        flight.events().subscribe(events::add);
        IllegalStateException boom = new IllegalStateException("boom");
        assertThatThrownBy(() -> flight.call("k", () -> {
            throw boom;
        })).isSameAs(boom);
        assertThat(events).containsExactly(new SingleFlightEvent.FlightCompleted("sf", "k", false, boom));
    }

    @Test
    void timedOutWaiterPublishesNoCompletion() throws Exception {
        List<SingleFlightEvent> events = new CopyOnWriteArrayList<>();
        flight.events().subscribe(events::add);
        Future<String> leader = startLeader("k", "v", release);
        assertThatThrownBy(() -> flight.call("k", mustNotRun(), Duration.ZERO))
                .isInstanceOf(ResiliencyTimeoutException.class);
        release.countDown();
        leader.get(5, TimeUnit.SECONDS);
        assertThat(events).containsExactly(new SingleFlightEvent.FlightCompleted("sf", "k", false, null));
    }

    private static Throwable catchCause(Future<?> future) throws Exception {
        try {
            future.get(5, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }
}
