package dev.resiliency.bulkhead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.resiliency.BulkheadFullException;
import dev.resiliency.testing.FakeScheduler;
import dev.resiliency.testing.FakeTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BulkheadWaitingTest {

    private final FakeTicker ticker = new FakeTicker();
    private final FakeScheduler scheduler = new FakeScheduler(ticker);

    private Bulkhead bulkhead(int max, Duration maxWait) {
        return Bulkhead.builder("inventory").maxConcurrent(max).maxWait(maxWait)
                .ticker(ticker).scheduler(scheduler).build();
    }

    private static void awaitWaiting(Bulkhead bulkhead, int waiting) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(1)).until(() -> bulkhead.stats().waiting() == waiting);
    }

    @Test
    void aWaiterGetsThePermitWhenAHolderFinishes() throws Exception {
        Bulkhead bulkhead = bulkhead(1, Duration.ofSeconds(1));
        Caller holder = Caller.holding(bulkhead, "holder");
        Caller waiter = Caller.start(bulkhead, null, "waiter");
        awaitWaiting(bulkhead, 1);

        holder.finish();

        assertThat(waiter.entered.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(bulkhead.stats()).isEqualTo(new BulkheadStats(1, 1, 0, 0, 2, 0));
        waiter.finish();
        assertThat(waiter.awaitOutcome()).isEqualTo("waiter");
        assertThat(bulkhead.stats().active()).isZero();
        assertThat(scheduler.pending()).as("the granted waiter's timer is cancelled").isZero();
    }

    @Test
    void waitersAreServedStrictlyInArrivalOrder() throws Exception {
        Bulkhead bulkhead = bulkhead(1, Bulkhead.WAIT_FOREVER);
        List<String> order = new CopyOnWriteArrayList<>();
        Caller holder = Caller.holding(bulkhead, "holder");
        List<Thread> waiters = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            String label = "w" + i;
            Thread t = new Thread(() -> {
                try {
                    bulkhead.call(() -> order.add(label));
                } catch (Exception e) {
                    order.add("failed " + label);
                }
            });
            t.start();
            waiters.add(t);
            awaitWaiting(bulkhead, i); // pins the arrival order
        }

        holder.finish();
        for (Thread t : waiters) {
            t.join(5_000);
        }

        assertThat(order).containsExactly("w1", "w2", "w3", "w4", "w5");
        assertThat(bulkhead.stats()).isEqualTo(new BulkheadStats(1, 0, 1, 0, 6, 0));
    }

    @Test
    void aReleasedPermitGoesToTheQueuedWaiterNotToANewcomer() throws Exception {
        Bulkhead bulkhead = bulkhead(1, Bulkhead.WAIT_FOREVER);
        Caller[] waiter = new Caller[1];

        bulkhead.call(() -> {
            waiter[0] = Caller.start(bulkhead, null, "waiter");
            awaitWaiting(bulkhead, 1);
            return null;
        });
        // The permit was handed over on release, whether or not the waiter's thread has woken up yet.
        assertThatThrownBy(() -> bulkhead.call(() -> "newcomer", Duration.ZERO)).isInstanceOf(BulkheadFullException.class);

        assertThat(waiter[0].entered.await(5, TimeUnit.SECONDS)).isTrue();
        waiter[0].finish();
        assertThat(waiter[0].awaitOutcome()).isEqualTo("waiter");
    }

    @Test
    void aWaiterWhoseWaitRunsOutLeavesTheQueueAndIsRejected() throws Exception {
        Bulkhead bulkhead = bulkhead(1, Duration.ofMillis(100));
        Caller holder = Caller.holding(bulkhead, "holder");
        Caller waiter = Caller.start(bulkhead, null, "waiter");
        awaitWaiting(bulkhead, 1);

        scheduler.advance(Duration.ofMillis(99));
        assertThat(waiter.outcome).isNotDone();
        scheduler.advance(Duration.ofMillis(1));

        assertThat(waiter.awaitFailure()).isInstanceOf(BulkheadFullException.class);
        assertThat(bulkhead.stats()).isEqualTo(new BulkheadStats(1, 1, 0, 0, 1, 1));
        holder.finish();
        holder.awaitOutcome();
        assertThat(bulkhead.stats().active()).as("the timed-out waiter got nothing").isZero();
    }

    @Test
    void aTimedOutWaiterInTheMiddleKeepsTheOthersInOrder() throws Exception {
        Bulkhead bulkhead = bulkhead(1, Bulkhead.WAIT_FOREVER);
        Caller holder = Caller.holding(bulkhead, "holder");
        Caller first = Caller.start(bulkhead, null, "first");
        awaitWaiting(bulkhead, 1);
        Caller impatient = Caller.start(bulkhead, Duration.ofMillis(50), "impatient");
        awaitWaiting(bulkhead, 2);
        Caller last = Caller.start(bulkhead, null, "last");
        awaitWaiting(bulkhead, 3);

        scheduler.advance(Duration.ofMillis(50));
        assertThat(impatient.awaitFailure()).isInstanceOf(BulkheadFullException.class);
        awaitWaiting(bulkhead, 2);

        holder.finish();
        assertThat(first.entered.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(last.entered.getCount()).isOne();
        first.finish();
        assertThat(last.entered.await(5, TimeUnit.SECONDS)).isTrue();
        last.finish();
        assertThat(last.awaitOutcome()).isEqualTo("last");
        assertThat(bulkhead.stats()).isEqualTo(new BulkheadStats(1, 0, 1, 0, 3, 1));
    }

    @Test
    void aPerCallMaxWaitOverridesTheConfiguredOne() throws Exception {
        Bulkhead bulkhead = bulkhead(1, Duration.ZERO);
        Caller holder = Caller.holding(bulkhead, "holder");
        Caller patient = Caller.start(bulkhead, Duration.ofSeconds(1), "patient");
        awaitWaiting(bulkhead, 1);

        holder.finish();

        assertThat(patient.entered.await(5, TimeUnit.SECONDS)).isTrue();
        patient.finish();
        assertThat(patient.awaitOutcome()).isEqualTo("patient");
    }

    @Test
    void aPerCallMaxWaitOfZeroRejectsAtOnceEvenIfTheBulkheadWaits() throws Exception {
        Bulkhead bulkhead = bulkhead(1, Bulkhead.WAIT_FOREVER);
        Caller holder = Caller.holding(bulkhead, "holder");

        assertThatThrownBy(() -> bulkhead.call(() -> "x", Duration.ZERO)).isInstanceOf(BulkheadFullException.class);
        assertThat(bulkhead.stats().waiting()).isZero();
        holder.finish();
    }

    @Test
    void aWaitWithoutLimitSchedulesNoTimer() throws Exception {
        Bulkhead bulkhead = bulkhead(1, Bulkhead.WAIT_FOREVER);
        Caller holder = Caller.holding(bulkhead, "holder");
        Caller waiter = Caller.start(bulkhead, null, "waiter");
        awaitWaiting(bulkhead, 1);

        assertThat(scheduler.pending()).isZero();
        scheduler.advance(Duration.ofDays(365));
        assertThat(waiter.outcome).isNotDone();

        holder.finish();
        waiter.finish();
        assertThat(waiter.awaitOutcome()).isEqualTo("waiter");
    }

    @Test
    void aSyncWaitEndsOnTheTickerEvenIfTheSchedulerRefusesTheTimer() throws Exception {
        Bulkhead bulkhead = Bulkhead.builder("b").maxConcurrent(1).maxWait(Duration.ofMillis(20))
                .scheduler((task, delay) -> {
                    throw new java.util.concurrent.RejectedExecutionException("shut down");
                }).build();
        Caller holder = Caller.holding(bulkhead, "holder");

        assertThatThrownBy(() -> bulkhead.call(() -> "x")).isInstanceOf(BulkheadFullException.class);
        assertThat(bulkhead.stats().waiting()).isZero();
        holder.finish();
    }

    @Test
    void anInterruptedWaiterLeavesTheQueueRestoresTheFlagAndThrowsInterruptedException() throws Exception {
        Bulkhead bulkhead = bulkhead(1, Bulkhead.WAIT_FOREVER);
        Caller holder = Caller.holding(bulkhead, "holder");
        Caller waiter = Caller.start(bulkhead, null, "waiter");
        awaitWaiting(bulkhead, 1);

        waiter.thread.interrupt();

        assertThat(waiter.awaitFailure()).isInstanceOf(InterruptedException.class);
        assertThat(waiter.interruptFlagAfterFailure).isTrue();
        assertThat(waiter.entered.getCount()).isOne();
        assertThat(bulkhead.stats().waiting()).isZero();
        holder.finish();
        holder.awaitOutcome();
        assertThat(bulkhead.stats()).isEqualTo(new BulkheadStats(1, 0, 1, 0, 1, 0));
    }

    @Test
    void anInterruptedTimedWaiterCancelsItsTimer() throws Exception {
        Bulkhead bulkhead = bulkhead(1, Duration.ofSeconds(10));
        Caller holder = Caller.holding(bulkhead, "holder");
        Caller waiter = Caller.start(bulkhead, null, "waiter");
        awaitWaiting(bulkhead, 1);

        waiter.thread.interrupt();

        assertThat(waiter.awaitFailure()).isInstanceOf(InterruptedException.class);
        assertThat(scheduler.pending()).isZero();
        holder.finish();
    }

    @Test
    void resetRejectsEveryWaiterAndForgetsTheHolders() throws Exception {
        Bulkhead bulkhead = bulkhead(1, Bulkhead.WAIT_FOREVER);
        List<BulkheadEvent> events = new CopyOnWriteArrayList<>();
        Caller holder = Caller.holding(bulkhead, "holder");
        Caller w1 = Caller.start(bulkhead, null, "w1");
        awaitWaiting(bulkhead, 1);
        Caller w2 = Caller.start(bulkhead, Duration.ofSeconds(5), "w2");
        awaitWaiting(bulkhead, 2);
        bulkhead.events().subscribe(events::add);

        bulkhead.reset();

        assertThat(w1.awaitFailure()).isInstanceOf(BulkheadFullException.class);
        assertThat(w2.awaitFailure()).isInstanceOf(BulkheadFullException.class);
        assertThat(bulkhead.stats()).isEqualTo(new BulkheadStats(1, 0, 1, 0, 1, 2));
        assertThat(events).containsExactly(new BulkheadEvent.CallRejected("inventory"),
                new BulkheadEvent.CallRejected("inventory"));
        assertThat(scheduler.pending()).isZero();
        holder.finish();
        holder.awaitOutcome();
    }

    @Test
    void afterResetARunningHolderIsForgottenSoMoreThanMaxCanRunForAWhile() throws Exception {
        Bulkhead bulkhead = bulkhead(1, Duration.ZERO);
        List<BulkheadEvent> events = new CopyOnWriteArrayList<>();
        Caller old = Caller.holding(bulkhead, "old");

        bulkhead.reset();
        Caller fresh = Caller.holding(bulkhead, "fresh"); // admitted although "old" still runs: documented over-admission
        bulkhead.events().subscribe(events::add);

        assertThat(bulkhead.stats().active()).isEqualTo(1);
        old.finish();
        old.awaitOutcome();
        assertThat(bulkhead.stats().active()).as("the stale release is ignored").isEqualTo(1);
        assertThat(events).as("no CallFinished for a forgotten permit").isEmpty();
        assertThatThrownBy(() -> bulkhead.call(() -> "x")).isInstanceOf(BulkheadFullException.class);

        fresh.finish();
        fresh.awaitOutcome();
        assertThat(bulkhead.stats().active()).isZero();
    }

    @Test
    void aWaiterGrantedAfterResetIsServedNormally() throws Exception {
        Bulkhead bulkhead = bulkhead(1, Bulkhead.WAIT_FOREVER);
        Caller old = Caller.holding(bulkhead, "old");
        bulkhead.reset();
        Caller fresh = Caller.holding(bulkhead, "fresh");
        Caller waiter = Caller.start(bulkhead, null, "waiter");
        awaitWaiting(bulkhead, 1);

        old.finish(); // stale: must not hand anything to the waiter
        old.awaitOutcome();
        assertThat(waiter.entered.getCount()).isOne();
        assertThat(bulkhead.stats().waiting()).isOne();

        fresh.finish();
        assertThat(waiter.entered.await(5, TimeUnit.SECONDS)).isTrue();
        waiter.finish();
        waiter.awaitOutcome();
        assertThat(bulkhead.stats().active()).isZero();
    }

    @Test
    void waitingAndRejectionEventsComeInOrder() throws Exception {
        Bulkhead bulkhead = bulkhead(1, Duration.ofMillis(10));
        List<BulkheadEvent> events = new CopyOnWriteArrayList<>();
        Caller holder = Caller.holding(bulkhead, "holder");
        bulkhead.events().subscribe(events::add);
        Caller waiter = Caller.start(bulkhead, null, "waiter");
        awaitWaiting(bulkhead, 1);

        scheduler.advance(Duration.ofMillis(10));
        waiter.awaitFailure();
        holder.finish();
        holder.awaitOutcome();

        assertThat(events).containsExactly(new BulkheadEvent.CallRejected("inventory"),
                new BulkheadEvent.CallFinished("inventory"));
    }
}
