package dev.resiliency.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resiliency.AllFailedException;
import dev.resiliency.testing.FakeTicker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Behaviours the mutation run showed no test pinned down. */
class TasksMutationKillersTest {

    @Test
    void firstOkStopsWhenTheTimeSpentReachesTheBudgetExactly() {
        FakeTicker ticker = new FakeTicker();
        AtomicInteger secondRan = new AtomicInteger();
        List<Callable<String>> tasks = List.of(() -> {
            ticker.advance(Duration.ofMillis(100));
            throw new IllegalStateException("first");
        }, () -> {
            secondRan.incrementAndGet();
            return "second";
        });
        assertThatThrownBy(() -> Tasks.using(Runnable::run, ticker).firstOk(tasks, Duration.ofMillis(100)))
                .isInstanceOf(AllFailedException.class);
        assertThat(secondRan).hasValue(0);
    }

    @Test
    void firstOkGoesOnWhileTimeIsLeft() throws Exception {
        FakeTicker ticker = new FakeTicker();
        List<Callable<String>> tasks = List.of(() -> {
            ticker.advance(Duration.ofMillis(99));
            throw new IllegalStateException("first");
        }, () -> "second");
        assertThat(Tasks.using(Runnable::run, ticker).firstOk(tasks, Duration.ofMillis(100))).isEqualTo("second");
    }

    @Test
    void aCompletionAlreadyThereCountsEvenWithAZeroTimeout() throws Exception {
        // A synchronous executor completes every task before the wait starts.
        TaskRunner runner = Tasks.using(Runnable::run, new FakeTicker());
        List<Callable<String>> one = List.of(() -> "done");
        String winner = runner.race(one, Duration.ZERO);
        assertThat(winner).isEqualTo("done");
        List<Integer> mapped = runner.map(List.of(1, 2), x -> x * 10, 1, Duration.ZERO);
        assertThat(mapped).containsExactly(10, 20);
    }

    @Test
    void aCancelledSlotSettlesAsACancellationFailure() {
        TaskSlot<String> slot = new TaskSlot<>(() -> "never", 0, new LinkedBlockingQueue<>());
        slot.cancel(true);
        Settled<String> outcome = slot.outcome();
        assertThat(outcome).isInstanceOf(Settled.Failure.class);
        assertThat(((Settled.Failure<String>) outcome).error()).isInstanceOf(CancellationException.class);
    }

    @Test
    void aSlotThatThrewSettlesWithTheThrownInstance() {
        IllegalStateException boom = new IllegalStateException("boom");
        TaskSlot<String> slot = new TaskSlot<>(() -> {
            throw boom;
        }, 0, new LinkedBlockingQueue<>());
        slot.run();
        assertThat(((Settled.Failure<String>) slot.outcome()).error()).isSameAs(boom);
        TaskSlot<String> ok = new TaskSlot<>(() -> "v", 1, new LinkedBlockingQueue<>());
        ok.run();
        assertThat(((Settled.Success<String>) ok.outcome()).value()).isEqualTo("v");
    }

    @Test
    void firstOkReportsASpentBudgetOnlyWhenTasksWereLeftUntried() {
        FakeTicker ticker = new FakeTicker();
        List<Callable<String>> last = List.of(() -> {
            ticker.advance(Duration.ofMillis(500));
            throw new IllegalStateException("only");
        });
        assertThatThrownBy(() -> Tasks.using(Runnable::run, ticker).firstOk(last, Duration.ofMillis(100)))
                .isInstanceOf(AllFailedException.class).message().doesNotContain("time budget");
        List<Callable<String>> two = List.of(() -> {
            ticker.advance(Duration.ofMillis(500));
            throw new IllegalStateException("first");
        }, () -> "never");
        assertThatThrownBy(() -> Tasks.using(Runnable::run, ticker).firstOk(two, Duration.ofMillis(100)))
                .isInstanceOf(AllFailedException.class).hasMessageContaining("time budget")
                .hasMessageContaining("after 1 of 2");
    }
}
