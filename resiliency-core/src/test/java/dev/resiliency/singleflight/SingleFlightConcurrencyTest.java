package dev.resiliency.singleflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;

/**
 * A thousand real threads released together on one key: the callable runs exactly once and every caller gets its
 * outcome. The leader holds the flight open until all 999 others have joined it, so the sharing is total, not a
 * matter of timing.
 */
class SingleFlightConcurrencyTest {

    private static final int CALLERS = 1_000;

    private final ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
    private final SingleFlight flight = SingleFlight.builder("sf").build();
    private final AtomicInteger runs = new AtomicInteger();
    private final CountDownLatch allJoined = new CountDownLatch(1);

    @AfterEach
    void stop() {
        allJoined.countDown();
        pool.shutdownNow();
    }

    @RepeatedTest(3)
    void thousandConcurrentCallersShareOneExecutionAndItsValue() throws Exception {
        Object value = new Object();
        List<Future<Object>> results = startAll(() -> {
            runs.incrementAndGet();
            allJoined.await();
            return value;
        });
        releaseWhenAllJoined();
        for (Future<Object> result : results) {
            assertThat(result.get(30, TimeUnit.SECONDS)).isSameAs(value);
        }
        assertThat(runs).hasValue(1);
        assertThat(flight.stats()).isEqualTo(new SingleFlightStats(0, 1, CALLERS - 1));
    }

    @RepeatedTest(3)
    void thousandConcurrentCallersShareOneExecutionAndItsException() throws Exception {
        IOException boom = new IOException("boom");
        List<Future<Object>> results = startAll(() -> {
            runs.incrementAndGet();
            allJoined.await();
            throw boom;
        });
        releaseWhenAllJoined();
        Map<Throwable, Boolean> thrown = new IdentityHashMap<>();
        for (Future<Object> result : results) {
            try {
                result.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                thrown.put(e.getCause(), true);
            }
        }
        assertThat(thrown.keySet()).containsExactly(boom);
        assertThat(runs).hasValue(1);
        assertThat(flight.inFlight()).isZero();
    }

    @RepeatedTest(3)
    void manyKeysUnderLoadEachRunOncePerFlightAndLeaveNothingInFlight() throws Exception {
        int threads = 8;
        int callsPerThread = 20_000;
        AtomicInteger[] perKeyRuns = new AtomicInteger[16];
        for (int i = 0; i < perKeyRuns.length; i++) {
            perKeyRuns[i] = new AtomicInteger();
        }
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t;
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < callsPerThread; i++) {
                    int key = (i + offset) % perKeyRuns.length;
                    flight.call(key, () -> perKeyRuns[key].incrementAndGet());
                }
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get(60, TimeUnit.SECONDS);
        }
        SingleFlightStats stats = flight.stats();
        long totalRuns = 0;
        for (AtomicInteger runsOfKey : perKeyRuns) {
            totalRuns += runsOfKey.get();
        }
        assertThat(stats.inFlight()).isZero();
        assertThat(stats.leaderCalls()).isEqualTo(totalRuns);
        assertThat(stats.leaderCalls() + stats.sharedCalls()).isEqualTo((long) threads * callsPerThread);
    }

    private List<Future<Object>> startAll(java.util.concurrent.Callable<Object> callable) {
        CyclicBarrier start = new CyclicBarrier(CALLERS);
        List<Future<Object>> results = new ArrayList<>(CALLERS);
        for (int i = 0; i < CALLERS; i++) {
            results.add(pool.submit(() -> {
                start.await();
                return flight.call("the-key", callable);
            }));
        }
        return results;
    }

    private void releaseWhenAllJoined() {
        SingleFlightTest.until(() -> flight.stats().sharedCalls() == CALLERS - 1);
        assertThat(runs).hasValue(1);
        allJoined.countDown();
    }
}
