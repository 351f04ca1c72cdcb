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
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AllSettledTest {

    @Test
    void resultsFollowInputOrderNotCompletionOrder() throws Exception {
        // The reference's "sleep 80, 40, 0 ms" with latches: the third finishes first, then the second, then the first.
        List<Integer> completionOrder = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch thirdDone = new CountDownLatch(1);
        CountDownLatch secondDone = new CountDownLatch(1);
        List<Callable<String>> tasks = List.of(
                () -> {
                    secondDone.await();
                    completionOrder.add(0);
                    return "first";
                },
                () -> {
                    thirdDone.await();
                    completionOrder.add(1);
                    secondDone.countDown();
                    return "second";
                },
                () -> {
                    completionOrder.add(2);
                    thirdDone.countDown();
                    return "third";
                });

        List<Settled<String>> results = Tasks.allSettled(tasks);

        assertThat(results).extracting(Settled::value).containsExactly("first", "second", "third");
        assertThat(completionOrder).containsExactly(2, 1, 0);
    }

    @Test
    void waitsForEveryTaskEvenAfterFailures() throws Exception {
        CountDownLatch failed = new CountDownLatch(1);
        IOException failure = new IOException("one");
        List<Callable<String>> tasks = List.of(() -> {
            failed.countDown();
            throw failure;
        }, () -> {
            failed.await();
            return "two";
        });

        List<Settled<String>> results = Tasks.allSettled(tasks);

        assertThat(results).containsExactly(Settled.failure(failure), Settled.success("two"));
    }

    @Test
    void failureSlotHoldsTheSameThrowableIncludingCheckedExceptionsAndErrors() throws Exception {
        Exception checked = new Exception("checked");
        RuntimeException unchecked = new IllegalStateException("unchecked");
        StackOverflowError error = new StackOverflowError("error");
        List<Callable<Object>> tasks = List.of(() -> {
            throw checked;
        }, () -> {
            throw unchecked;
        }, () -> {
            throw error;
        });

        List<Settled<Object>> results = Tasks.allSettled(tasks);

        assertThat(results).extracting(Settled::error).containsExactly(checked, unchecked, error);
        assertThat(results).noneMatch(Settled::isSuccess);
    }

    @Test
    void returnedValuesAreRawSuccessesEvenNull() throws Exception {
        List<Callable<Object>> tasks = List.of(() -> null, () -> Settled.failure(new IOException("a value")));

        List<Settled<Object>> results = Tasks.allSettled(tasks);

        assertThat(results).allMatch(Settled::isSuccess);
        assertThat(results.get(0).value()).isNull();
    }

    @Test
    void emptyInputGivesEmptyList() throws Exception {
        assertThat(Tasks.allSettled(List.of())).isEmpty();
        assertThat(Tasks.allSettled(List.of(), Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void timeoutKeepsCompletedResultsAndFailsUnfinishedSlots() throws Exception {
        Probe probe = new Probe(1);
        List<Callable<Integer>> tasks = List.of(() -> 1, probe.hang());

        List<Settled<Integer>> results = Tasks.allSettled(tasks, Duration.ofMillis(300));

        assertThat(results.get(0)).isEqualTo(Settled.success(1));
        assertThat(results.get(1).error())
                .isInstanceOf(ResiliencyTimeoutException.class)
                .hasMessage("'allSettled': task 1 of 2 timed out after 300 ms");
        probe.awaitEveryStartedInterrupted();
    }

    @Test
    void timeoutWithNothingFinishedFailsEverySlot() throws Exception {
        Probe probe = new Probe(3);
        List<Callable<Integer>> tasks = List.of(probe.hang(), probe.hang(), probe.hang());

        List<Settled<Integer>> results = Tasks.allSettled(tasks, Duration.ofMillis(50));

        assertThat(results).allSatisfy(slot -> assertThat(slot.error()).isInstanceOf(ResiliencyTimeoutException.class));
        probe.awaitEveryStartedInterrupted();
    }

    @Test
    void completedBeforeTheDeadlineNeedsNoWaitingForIt() throws Exception {
        List<Settled<Integer>> results = Tasks.allSettled(List.<Callable<Integer>>of(() -> 1, () -> 2),
                Duration.ofSeconds(30));

        assertThat(results).extracting(Settled::value).containsExactly(1, 2);
    }

    @Test
    void interruptingTheCallerCancelsEveryTask() {
        Probe probe = new Probe(2);
        List<Callable<String>> tasks = List.of(probe.hang(), probe.hang());
        Caller<List<Settled<String>>> caller = inBackground(() -> Tasks.allSettled(tasks));
        await().until(() -> probe.started.get() == 2);

        caller.thread().interrupt();

        assertThatThrownBy(() -> caller.result().get(5, TimeUnit.SECONDS))
                .cause().isInstanceOf(InterruptedException.class);
        probe.awaitInterrupted(2);
    }

    @Test
    void resultListIsUnmodifiable() throws Exception {
        List<Settled<Integer>> results = Tasks.allSettled(List.<Callable<Integer>>of(() -> 1));

        assertThatThrownBy(() -> results.set(0, Settled.success(2))).isInstanceOf(UnsupportedOperationException.class);
    }
}
