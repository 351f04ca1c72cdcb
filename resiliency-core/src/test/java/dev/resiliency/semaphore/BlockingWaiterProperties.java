package dev.resiliency.semaphore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resiliency.ResiliencyTimeoutException;
import dev.resiliency.testing.FakeTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Blocking waiters on real threads: a random queue of callers that wait, time out, get interrupted or throw, given
 * up in a random order while a holder keeps every permit (timeouts on a fake clock, so arrival order is exact). Whatever the mix, the callers that stayed run in exact
 * arrival order (each needs every permit, so grants are observable one at a time), the ones that gave up never
 * run, nothing stays held or queued, and the stats count exactly the calls that ran and the ones that timed out.
 */
class BlockingWaiterProperties {

    enum Mode { WAIT, WAIT_AND_THROW, TIME_OUT, INTERRUPT }

    @Property(tries = 100)
    void waitersThatGiveUpNeverRunNorLeakAndTheOthersRunInArrivalOrder(
            @ForAll @IntRange(min = 1, max = 4) int max, @ForAll("modes") List<Mode> modes,
            @ForAll("permutation") List<Integer> giveUpOrder) throws Exception {
        FakeTicker ticker = new FakeTicker();
        WeightedSemaphore semaphore = WeightedSemaphore.builder("blocking").max(max).ticker(ticker).build();
        List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
        try (Threads threads = new Threads()) {
            CountDownLatch release = new CountDownLatch(1);
            Future<String> holder = threads.hold(semaphore, max, release);
            List<Future<String>> futures = new ArrayList<>();
            List<Thread> waiterThreads = new ArrayList<>();
            for (int i = 0; i < modes.size(); i++) {
                int id = i;
                Mode mode = modes.get(i);
                CountDownLatch started = new CountDownLatch(1);
                Thread[] self = new Thread[1];
                futures.add(threads.start(() -> {
                    self[0] = Thread.currentThread();
                    started.countDown();
                    java.util.concurrent.Callable<String> body = () -> {
                        ran.add(id);
                        if (mode == Mode.WAIT_AND_THROW) {
                            throw new IllegalStateException("thrown by " + id);
                        }
                        return "ran " + id;
                    };
                    return mode == Mode.TIME_OUT ? semaphore.acquire(max, body, Duration.ofMinutes(1))
                            : semaphore.acquire(max, body);
                }));
                started.await();
                waiterThreads.add(self[0]);
                int queued = i + 1;
                Threads.until(() -> semaphore.queueLength() == queued); // queued in index order
            }
            // The fake clock only moves here, so no waiter times out before it is in the queue. A parked waiter looks
            // at the clock again when woken; the wake-up below is a spurious one, which every waiter must tolerate.
            ticker.advance(Duration.ofMinutes(2));
            // Give up in a random order, each one confirmed before the next.
            for (int index : giveUpOrder) {
                if (index >= modes.size()) {
                    continue;
                }
                Mode mode = modes.get(index);
                if (mode == Mode.INTERRUPT) {
                    waiterThreads.get(index).interrupt();
                } else if (mode == Mode.TIME_OUT) {
                    LockSupport.unpark(waiterThreads.get(index));
                }
                if (mode == Mode.INTERRUPT || mode == Mode.TIME_OUT) {
                    Throwable cause = failureOf(futures.get(index));
                    assertThat(cause).isInstanceOf(mode == Mode.INTERRUPT ? InterruptedException.class
                            : ResiliencyTimeoutException.class);
                }
            }
            release.countDown();
            assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo("held " + max);
            List<Integer> stayed = new ArrayList<>();
            for (int i = 0; i < modes.size(); i++) {
                Mode mode = modes.get(i);
                if (mode == Mode.WAIT) {
                    assertThat(futures.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("ran " + i);
                    stayed.add(i);
                } else if (mode == Mode.WAIT_AND_THROW) {
                    assertThat(failureOf(futures.get(i))).hasMessage("thrown by " + i);
                    stayed.add(i);
                }
            }
            assertThat(ran).as("grant order").containsExactlyElementsOf(stayed);
            long timeouts = modes.stream().filter(m -> m == Mode.TIME_OUT).count();
            WeightedSemaphoreStats stats = semaphore.stats();
            assertThat(stats.used()).isZero();
            assertThat(stats.queueLength()).isZero();
            assertThat(stats.permitted()).isEqualTo(1 + stayed.size());
            assertThat(stats.timedOut()).isEqualTo(timeouts);
            assertThat(stats.rejected()).isZero();
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

    @Provide
    Arbitrary<List<Mode>> modes() {
        return Arbitraries.of(Mode.class).list().ofMinSize(1).ofMaxSize(6);
    }

    @Provide
    Arbitrary<List<Integer>> permutation() {
        return Arbitraries.shuffle(0, 1, 2, 3, 4, 5);
    }
}
