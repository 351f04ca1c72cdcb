package dev.resiliency.task;

import static dev.resiliency.task.TaskTesting.inBackground;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.resiliency.ResiliencyTimeoutException;
import dev.resiliency.task.TaskTesting.Caller;
import dev.resiliency.task.TaskTesting.Probe;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class MapTest {

    @Test
    void resultsFollowInputOrderWhateverTheCompletionOrder() throws Exception {
        // The reference's [3, 1, 2] each sleeping x*20 ms, with a manual executor: 1 completes, then 2, then 3.
        ManualExecutor executor = new ManualExecutor();
        Caller<List<Integer>> caller = inBackground(
                () -> Tasks.using(executor).map(List.of(3, 1, 2), x -> x * 10, 3));
        Runnable three = executor.next();
        Runnable one = executor.next();
        Runnable two = executor.next();

        one.run();
        two.run();
        three.run();

        assertThat(caller.result().get(5, TimeUnit.SECONDS)).containsExactly(30, 10, 20);
    }

    @Test
    void returnedValuesAreStoredAsTheyAreEvenNull() throws Exception {
        List<Object> results = Tasks.map(List.of(1, 2), x -> x == 1 ? null : Settled.failure(new IOException()), 2);

        assertThat(results).hasSize(2);
        assertThat(results.get(0)).isNull();
        assertThat(results.get(1)).isInstanceOf(Settled.Failure.class);
    }

    @Test
    void firstFailureIsRethrownUnchanged() {
        IOException failure = new IOException("crash");

        assertThatThrownBy(() -> Tasks.map(List.of(1, 2, 3), x -> {
            if (x == 2) {
                throw failure;
            }
            return x;
        }, 1)).isSameAs(failure);
    }

    @Test
    void failureCancelsActiveTasksAndNeverStartsPendingOnes() throws Exception {
        Probe probe = new Probe(2);
        AtomicInteger calls = new AtomicInteger();
        IllegalStateException failure = new IllegalStateException("item 1");
        List<Integer> items = IntStream.range(0, 10).boxed().collect(Collectors.toList());

        assertThatThrownBy(() -> Tasks.map(items, i -> {
            calls.incrementAndGet();
            if (i == 1) {
                probe.allStarted.await(); // items 0 and 2 are running when this one fails
                throw failure;
            }
            return probe.<Integer>hang().call();
        }, 3)).isSameAs(failure);

        probe.awaitInterrupted(2);
        assertThat(calls.get()).as("only the first window of 3 ever started").isEqualTo(3);
    }

    @Test
    void failureStopsSubmittingFurtherItems() throws Exception {
        ManualExecutor executor = new ManualExecutor();
        Caller<List<Integer>> caller = inBackground(() -> Tasks.using(executor).map(List.of(0, 1, 2, 3), i -> {
            throw new IOException("item " + i);
        }, 2));
        Runnable first = executor.next();
        executor.next();

        first.run();

        assertThatThrownBy(() -> caller.result().get(5, TimeUnit.SECONDS))
                .cause().isInstanceOf(IOException.class).hasMessage("item 0");
        assertThat(executor.submitted()).isEqualTo(2);
    }

    @Test
    void concurrencyNeverExceedsTheLimit() throws Exception {
        AtomicInteger active = new AtomicInteger();
        AtomicInteger highWater = new AtomicInteger();
        CyclicBarrier firstWindow = new CyclicBarrier(3); // the first 3 items provably run together

        List<Integer> results = Tasks.map(IntStream.range(0, 10).boxed().collect(Collectors.toList()), i -> {
            int now = active.incrementAndGet();
            highWater.accumulateAndGet(now, Math::max);
            if (i < 3) {
                firstWindow.await(5, TimeUnit.SECONDS);
            }
            active.decrementAndGet();
            return i;
        }, 3);

        assertThat(highWater.get()).isEqualTo(3);
        assertThat(results).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @RepeatedTest(20)
    void concurrencyLimitHoldsUnderRealConcurrency() throws Exception {
        AtomicInteger active = new AtomicInteger();
        AtomicInteger highWater = new AtomicInteger();
        List<Integer> items = IntStream.rangeClosed(1, 100).boxed().collect(Collectors.toList());

        List<Integer> results = Tasks.map(items, i -> {
            highWater.accumulateAndGet(active.incrementAndGet(), Math::max);
            Thread.yield();
            active.decrementAndGet();
            return i;
        }, 5);

        assertThat(highWater.get()).isLessThanOrEqualTo(5);
        assertThat(results).isEqualTo(items);
    }

    @Test
    void maxConcurrencyOneRunsStrictlyInInputOrder() throws Exception {
        List<Integer> startOrder = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger active = new AtomicInteger();
        AtomicInteger highWater = new AtomicInteger();
        List<Integer> items = IntStream.range(0, 20).boxed().collect(Collectors.toList());

        Tasks.map(items, i -> {
            highWater.accumulateAndGet(active.incrementAndGet(), Math::max);
            startOrder.add(i);
            active.decrementAndGet();
            return i;
        }, 1);

        assertThat(startOrder).isEqualTo(items);
        assertThat(highWater.get()).isEqualTo(1);
    }

    @Test
    void largeBatchKeepsOrder() throws Exception {
        List<Integer> items = IntStream.rangeClosed(1, 100).boxed().collect(Collectors.toList());

        assertThat(Tasks.map(items, i -> i * 2, 5))
                .isEqualTo(items.stream().map(i -> i * 2).collect(Collectors.toList()));
    }

    @Test
    void limitLargerThanItemCountIsFine() throws Exception {
        assertThat(Tasks.map(List.of("a", "b"), String::toUpperCase, 64)).containsExactly("A", "B");
    }

    @Test
    void emptyInputGivesEmptyListWithoutCallingTheFunction() throws Exception {
        AtomicInteger calls = new AtomicInteger();

        assertThat(Tasks.map(List.<Integer>of(), i -> calls.incrementAndGet(), 3)).isEmpty();
        assertThat(Tasks.map(List.<Integer>of(), i -> calls.incrementAndGet(), 3, Duration.ofSeconds(1))).isEmpty();
        assertThat(calls.get()).isZero();
    }

    @Test
    void nullItemsArePassedToTheFunction() throws Exception {
        assertThat(Tasks.map(java.util.Arrays.asList("a", null), s -> s == null ? "null" : s, 2))
                .containsExactly("a", "null");
    }

    @Test
    void timeoutCancelsActiveTasksAndNeverStartsPendingOnes() {
        Probe probe = new Probe(2);
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> Tasks.map(List.of(1, 2, 3, 4, 5), i -> {
            calls.incrementAndGet();
            return probe.<Integer>hang().call();
        }, 2, Duration.ofMillis(100)))
                .isInstanceOf(ResiliencyTimeoutException.class)
                .hasMessage("'map': map of 5 items timed out after 100 ms");

        probe.awaitEveryStartedInterrupted();
        assertThat(calls.get()).isLessThanOrEqualTo(2);
    }

    @Test
    void finishingBeforeTheDeadlineReturnsTheResults() throws Exception {
        assertThat(Tasks.map(List.of(1, 2, 3), i -> -i, 2, Duration.ofSeconds(30))).containsExactly(-1, -2, -3);
    }

    @Test
    void anErrorIsRethrownUnchanged() {
        Error bug = new AssertionError("bug");

        assertThatThrownBy(() -> Tasks.map(List.of(1), i -> {
            throw bug;
        }, 1)).isSameAs(bug);
    }

    @Test
    void interruptingTheCallerCancelsActiveTasks() {
        Probe probe = new Probe(2);
        Caller<List<Integer>> caller = inBackground(() -> Tasks.map(List.of(1, 2, 3), i -> probe.<Integer>hang().call(), 2));
        await().until(() -> probe.started.get() == 2);

        caller.thread().interrupt();

        assertThatThrownBy(() -> caller.result().get(5, TimeUnit.SECONDS))
                .cause().isInstanceOf(InterruptedException.class);
        probe.awaitInterrupted(2);
        assertThat(probe.started.get()).isEqualTo(2);
    }

    @Test
    void itemsAreCopiedOnceAtTheStart() throws Exception {
        List<Integer> items = new ArrayList<>(List.of(1, 2, 3));
        CountDownLatch mutated = new CountDownLatch(1);

        List<Integer> results = Tasks.map(items, i -> {
            if (i == 1) {
                items.add(4);
                mutated.countDown();
            }
            return i;
        }, 1);

        assertThat(mutated.getCount()).isZero();
        assertThat(results).containsExactly(1, 2, 3);
    }

    @Test
    void resultListIsUnmodifiable() throws Exception {
        List<Integer> results = Tasks.map(List.of(1), i -> i, 1);

        assertThatThrownBy(() -> results.add(2)).isInstanceOf(UnsupportedOperationException.class);
    }
}
