package dev.resiliency.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.resiliency.ResiliencyTimeoutException;
import dev.resiliency.task.TaskTesting.Probe;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** After any combinator returns, every task it started has finished or been cancelled: the pool goes idle. */
class NoThreadLeftBehindTest {

    private final ThreadPoolExecutor pool = TaskTesting.pool(8);
    private final TaskRunner runner = Tasks.using(pool);

    @AfterEach
    void shutdown() {
        pool.shutdownNow();
    }

    private void assertPoolIdle() {
        await().atMost(Duration.ofSeconds(5)).until(() -> pool.getActiveCount() == 0
                && pool.getCompletedTaskCount() == pool.getTaskCount());
    }

    @Test
    void raceWinnerLeavesNoThreadRunning() throws Exception {
        Probe probe = new Probe(4);
        List<Callable<String>> tasks = List.of(probe.hang(), probe.hang(), probe.hang(), probe.hang(),
                probe.returnAfterAllStarted("won"));

        assertThat(runner.race(tasks)).isEqualTo("won");

        assertPoolIdle();
        assertThat(probe.interrupted.get()).isEqualTo(4);
    }

    @Test
    void raceTimeoutLeavesNoThreadRunning() {
        Probe probe = new Probe(3);
        List<Callable<String>> tasks = List.of(probe.hang(), probe.hang(), probe.hang());

        assertThatThrownBy(() -> runner.race(tasks, Duration.ofMillis(50))).isInstanceOf(ResiliencyTimeoutException.class);

        assertPoolIdle();
        assertThat(probe.running.get()).isZero();
    }

    @Test
    void allSettledTimeoutLeavesNoThreadRunning() throws Exception {
        Probe probe = new Probe(2);
        List<Callable<String>> tasks = List.of(() -> "done", probe.hang(), probe.hang());

        List<Settled<String>> results = runner.allSettled(tasks, Duration.ofMillis(100));

        assertThat(results.get(1).isSuccess()).isFalse();
        assertPoolIdle();
        assertThat(probe.running.get()).isZero();
    }

    @Test
    void mapFailureLeavesNoThreadRunning() {
        Probe probe = new Probe(7);
        List<Integer> items = IntStream.range(0, 20).boxed().collect(Collectors.toList());

        assertThatThrownBy(() -> runner.map(items, i -> {
            if (i == 7) {
                probe.allStarted.await();
                throw new IOException("item 7");
            }
            return probe.<Integer>hang().call();
        }, 8)).isInstanceOf(IOException.class);

        assertPoolIdle();
        assertThat(probe.interrupted.get()).isEqualTo(7);
        assertThat(pool.getTaskCount()).as("no item after the first window").isEqualTo(8);
    }

    @Test
    void mapTimeoutLeavesNoThreadRunning() {
        Probe probe = new Probe(4);

        assertThatThrownBy(() -> runner.map(List.of(1, 2, 3, 4, 5, 6), i -> probe.<Integer>hang().call(), 4,
                Duration.ofMillis(50))).isInstanceOf(ResiliencyTimeoutException.class);

        assertPoolIdle();
        assertThat(probe.running.get()).isZero();
        assertThat(pool.getTaskCount()).isEqualTo(4);
    }

    @RepeatedTest(3)
    void concurrentCallersShareOnePoolAndLeakNothing() throws Exception {
        int callers = 8;
        int callsPerCaller = 200;
        AtomicInteger wrong = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int c = 0; c < callers; c++) {
            Thread thread = new Thread(() -> {
                try {
                    for (int i = 0; i < callsPerCaller; i++) {
                        int value = runner.race(List.<Callable<Integer>>of(() -> {
                            throw new IOException("lost");
                        }, () -> 1, () -> 2));
                        List<Integer> mapped = runner.map(List.of(1, 2, 3, 4), x -> x * 10, 2);
                        List<Settled<Integer>> settled = runner.allSettled(List.<Callable<Integer>>of(() -> 5, () -> {
                            throw new IllegalStateException("settled failure");
                        }));
                        if ((value != 1 && value != 2) || !mapped.equals(List.of(10, 20, 30, 40))
                                || !settled.get(0).isSuccess() || settled.get(1).isSuccess()) {
                            wrong.incrementAndGet();
                        }
                    }
                } catch (Throwable e) {
                    unexpected.add(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join(10_000);
        }

        assertThat(unexpected).isEmpty();
        assertThat(wrong.get()).isZero();
        assertPoolIdle();
    }
}
