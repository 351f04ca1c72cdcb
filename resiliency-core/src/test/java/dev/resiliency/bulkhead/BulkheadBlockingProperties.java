package dev.resiliency.bulkhead;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resiliency.BulkheadFullException;
import dev.resiliency.testing.FakeScheduler;
import dev.resiliency.testing.FakeTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.awaitility.Awaitility;

/**
 * Blocking callers on real threads: a random queue of callers that wait, throw, time out or get interrupted (in a
 * random order, the timeouts all at once at a random moment) while a holder keeps the only permit. The callers
 * that stayed run in exact arrival order, the others never run, nothing stays held or queued, and the stats count
 * the holder and the callers that ran as permitted and the timeouts as rejected. Timeouts fire from a fake
 * scheduler, so arrival order is exact.
 */
class BulkheadBlockingProperties {

    enum Mode { WAIT, WAIT_AND_THROW, TIME_OUT, INTERRUPT }

    @Property(tries = 100)
    void callersThatGiveUpNeverRunNorLeakAndTheOthersRunInArrivalOrder(@ForAll("modes") List<Mode> modes,
            @ForAll("permutation") List<Integer> interruptOrder, @ForAll("timeoutsAfter") int timeoutsAfter)
            throws Exception {
        FakeTicker ticker = new FakeTicker();
        FakeScheduler scheduler = new FakeScheduler(ticker);
        Bulkhead bulkhead = Bulkhead.builder("blocking").maxConcurrent(1).ticker(ticker).scheduler(scheduler).build();
        List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newCachedThreadPool();
        try {
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<String> holder = pool.submit(() -> bulkhead.call(() -> {
                holding.countDown();
                release.await();
                return "held";
            }));
            holding.await();
            List<Future<String>> futures = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < modes.size(); i++) {
                int id = i;
                Mode mode = modes.get(i);
                CountDownLatch started = new CountDownLatch(1);
                Thread[] self = new Thread[1];
                futures.add(pool.submit(() -> {
                    self[0] = Thread.currentThread();
                    started.countDown();
                    Callable<String> body = () -> {
                        ran.add(id);
                        if (mode == Mode.WAIT_AND_THROW) {
                            throw new IllegalStateException("thrown by " + id);
                        }
                        return "ran " + id;
                    };
                    try {
                        return bulkhead.call(body, mode == Mode.TIME_OUT ? Duration.ofSeconds(1) : Bulkhead.WAIT_FOREVER);
                    } finally {
                        Thread.interrupted(); // never hand a pending interrupt to the pool's next task
                    }
                }));
                started.await();
                threads.add(self[0]);
                int queued = i + 1;
                until(() -> bulkhead.stats().waiting() == queued);
            }
            int step = 0;
            for (int index : interruptOrder) {
                if (step++ == timeoutsAfter) {
                    expireTimeouts(scheduler, modes, futures);
                }
                if (index < modes.size() && modes.get(index) == Mode.INTERRUPT) {
                    threads.get(index).interrupt();
                    assertThat(failureOf(futures.get(index))).isInstanceOf(InterruptedException.class);
                }
            }
            if (timeoutsAfter >= interruptOrder.size()) {
                expireTimeouts(scheduler, modes, futures);
            }
            release.countDown();
            assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo("held");
            List<Integer> stayed = new ArrayList<>();
            for (int i = 0; i < modes.size(); i++) {
                if (modes.get(i) == Mode.WAIT) {
                    assertThat(futures.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("ran " + i);
                    stayed.add(i);
                } else if (modes.get(i) == Mode.WAIT_AND_THROW) {
                    assertThat(failureOf(futures.get(i))).hasMessage("thrown by " + i);
                    stayed.add(i);
                }
            }
            assertThat(ran).as("hand-over order").containsExactlyElementsOf(stayed);
            BulkheadStats stats = bulkhead.stats();
            assertThat(stats.active()).isZero();
            assertThat(stats.waiting()).isZero();
            assertThat(stats.permitted()).isEqualTo(1 + stayed.size());
            assertThat(stats.rejected()).isEqualTo(modes.stream().filter(m -> m == Mode.TIME_OUT).count());
        } finally {
            pool.shutdownNow();
        }
    }

    private static void expireTimeouts(FakeScheduler scheduler, List<Mode> modes, List<Future<String>> futures)
            throws Exception {
        scheduler.advance(Duration.ofSeconds(2));
        for (int i = 0; i < modes.size(); i++) {
            if (modes.get(i) == Mode.TIME_OUT) {
                assertThat(failureOf(futures.get(i))).isInstanceOf(BulkheadFullException.class);
            }
        }
    }

    private static Throwable failureOf(Future<String> future) throws Exception {
        try {
            future.get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    private static void until(Callable<Boolean> condition) {
        Awaitility.await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(10))
                .until(condition);
    }

    @Provide
    Arbitrary<List<Mode>> modes() {
        return Arbitraries.of(Mode.class).list().ofMinSize(1).ofMaxSize(6);
    }

    @Provide
    Arbitrary<List<Integer>> permutation() {
        return Arbitraries.shuffle(0, 1, 2, 3, 4, 5);
    }

    @Provide
    Arbitrary<Integer> timeoutsAfter() {
        return Arbitraries.integers().between(0, 6);
    }
}
