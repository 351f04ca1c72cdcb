package dev.resiliency.task;

import static dev.resiliency.task.TaskTesting.inBackground;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.resiliency.AllFailedException;
import dev.resiliency.ResiliencyTimeoutException;
import dev.resiliency.task.TaskTesting.Caller;
import dev.resiliency.task.TaskTesting.Probe;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RaceTest {

    @Test
    void firstTaskToReturnWins() throws Exception {
        Probe probe = new Probe(2);
        List<Callable<String>> tasks = List.of(probe.hang(), probe.returnAfterAllStarted("fast"), probe.hang());

        assertThat(Tasks.race(tasks)).isEqualTo("fast");
    }

    @Test
    void losersAreInterrupted() throws Exception {
        Probe probe = new Probe(3);
        List<Callable<String>> tasks = List.of(probe.hang(), probe.hang(), probe.hang(),
                probe.returnAfterAllStarted("winner"));

        Tasks.race(tasks);

        probe.awaitInterrupted(3);
    }

    @Test
    void winnerIsTheFirstToCompleteNotTheFirstInTheList() throws Exception {
        ManualExecutor executor = new ManualExecutor();
        Caller<Integer> caller = inBackground(() -> Tasks.using(executor).race(List.of(() -> 0, () -> 1, () -> 2)));
        executor.next();
        executor.next();
        Runnable third = executor.next();

        third.run();

        assertThat(caller.result().get(5, TimeUnit.SECONDS)).isEqualTo(2);
    }

    @Test
    void failureIsSkippedAndASlowerSuccessWins() throws Exception {
        CountDownLatch failed = new CountDownLatch(1);
        List<Callable<String>> tasks = List.of(
                () -> {
                    failed.countDown();
                    throw new IOException("fast failure");
                },
                () -> {
                    failed.await();
                    return "slow success";
                });

        assertThat(Tasks.race(tasks)).isEqualTo("slow success");
    }

    @Test
    void returnedValueIsNotInspectedSoNullWins() throws Exception {
        Probe probe = new Probe(1);
        List<Callable<String>> tasks = List.of(probe.hang(), probe.returnAfterAllStarted(null));

        assertThat(Tasks.race(tasks)).isNull();
    }

    @Test
    void allFailedThrowsAllFailedExceptionWithFailuresInCompletionOrder() throws Exception {
        ManualExecutor executor = new ManualExecutor();
        IOException first = new IOException("0");
        IllegalStateException second = new IllegalStateException("1");
        Exception third = new Exception("2");
        List<Callable<String>> tasks = List.of(() -> {
            throw first;
        }, () -> {
            throw second;
        }, () -> {
            throw third;
        });
        Caller<String> caller = inBackground(() -> Tasks.using(executor).race(tasks));
        Runnable r0 = executor.next();
        Runnable r1 = executor.next();
        Runnable r2 = executor.next();

        r2.run();
        r0.run();
        r1.run();

        assertThatThrownBy(() -> caller.result().get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(AllFailedException.class)
                .hasMessage("race: all 3 alternatives failed")
                .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(third, first, second))
                .satisfies(e -> assertThat(((AllFailedException) e).instanceName()).isEqualTo("race"));
    }

    @Test
    void timeoutCancelsEveryTaskAndThrowsResiliencyTimeoutException() {
        Probe probe = new Probe(3);
        List<Callable<String>> tasks = List.of(probe.hang(), probe.hang(), probe.hang());

        assertThatThrownBy(() -> Tasks.race(tasks, Duration.ofMillis(100)))
                .isInstanceOf(ResiliencyTimeoutException.class)
                .hasMessage("'race': race of 3 tasks timed out after 100 ms")
                .satisfies(e -> assertThat(((ResiliencyTimeoutException) e).timeout()).isEqualTo(Duration.ofMillis(100)));
        probe.awaitEveryStartedInterrupted();
    }

    @Test
    void timeoutWinsEvenIfSomeTasksAlreadyFailed() {
        Probe probe = new Probe(1);
        List<Callable<String>> tasks = List.of(() -> {
            throw new IOException("failed early");
        }, probe.hang());

        assertThatThrownBy(() -> Tasks.race(tasks, Duration.ofMillis(100)))
                .isInstanceOf(ResiliencyTimeoutException.class);
        probe.awaitEveryStartedInterrupted();
    }

    @Test
    void zeroTimeoutTimesOutUnlessATaskHasAlreadyReturned() {
        Probe probe = new Probe(1);

        assertThatThrownBy(() -> Tasks.race(List.<Callable<String>>of(probe.hang()), Duration.ZERO))
                .isInstanceOf(ResiliencyTimeoutException.class);
        probe.awaitEveryStartedInterrupted();
    }

    @Test
    void successBeforeTheDeadlineIsReturned() throws Exception {
        Probe probe = new Probe(1);
        List<Callable<String>> tasks = List.of(probe.hang(), probe.returnAfterAllStarted("in time"));

        assertThat(Tasks.race(tasks, Duration.ofSeconds(5))).isEqualTo("in time");
        probe.awaitInterrupted(1);
    }

    @Test
    void emptyListIsRejected() {
        assertThatThrownBy(() -> Tasks.race(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tasks must not be empty");
        assertThatThrownBy(() -> Tasks.race(List.of(), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tasks must not be empty");
    }

    @Test
    void resultOfHundredTasksIsOneOfThem() throws Exception {
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            int value = i;
            tasks.add(() -> value);
        }

        assertThat(Tasks.race(tasks)).isBetween(1, 100);
    }

    @Test
    void anErrorIsRethrownUnchangedAndTheOthersCancelled() {
        Probe probe = new Probe(1);
        AssertionError bug = new AssertionError("bug");
        List<Callable<String>> tasks = List.of(probe.hang(), () -> {
            probe.allStarted.await();
            throw bug;
        });

        assertThatThrownBy(() -> Tasks.race(tasks)).isSameAs(bug);
        probe.awaitInterrupted(1);
    }

    @Test
    void interruptingTheCallerCancelsEveryTask() {
        Probe probe = new Probe(2);
        List<Callable<String>> tasks = List.of(probe.hang(), probe.hang());
        Caller<String> caller = inBackground(() -> Tasks.race(tasks));
        await().until(() -> probe.started.get() == 2);

        caller.thread().interrupt();

        assertThatThrownBy(() -> caller.result().get(5, TimeUnit.SECONDS))
                .cause().isInstanceOf(InterruptedException.class);
        probe.awaitInterrupted(2);
    }

    @Test
    void rejectedTaskCancelsTheStartedOnesAndPropagates() {
        Probe probe = new Probe(1);
        AtomicInteger submissions = new AtomicInteger();
        RejectedExecutionException rejection = new RejectedExecutionException("full");
        TaskRunner runner = Tasks.using(task -> {
            if (submissions.getAndIncrement() == 1) {
                throw rejection;
            }
            Thread thread = new Thread(task);
            thread.setDaemon(true);
            thread.start();
        });

        assertThatThrownBy(() -> runner.race(List.<Callable<String>>of(probe.hang(), () -> "never started")))
                .isSameAs(rejection);
        probe.awaitEveryStartedInterrupted();
    }
}
