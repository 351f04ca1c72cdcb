package dev.resiliency.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resiliency.CircuitOpenException;
import dev.resiliency.circuitbreaker.CircuitBreaker.State;
import dev.resiliency.testing.FakeTicker;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class CircuitBreakerConcurrencyTest {

    private static final int THREADS = 8;
    private static final int CALLS = 10_000;

    private final FakeTicker ticker = new FakeTicker();

    interface Worker {
        void run(int thread) throws Exception;
    }

    /** Runs {@code worker} on {@code threads} threads released together; rethrows the first failure. */
    private static void concurrently(int threads, Worker worker) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    worker.run(thread);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Call i of a thread: i % 3 == 0 fails, == 1 is ignored, == 2 succeeds. */
    private static void mixedCall(CircuitBreaker cb, int i) throws Exception {
        try {
            cb.call(() -> {
                if (i % 3 == 0) {
                    throw new IOException("failure");
                }
                if (i % 3 == 1) {
                    throw new IllegalArgumentException("ignored");
                }
                return "ok";
            });
        } catch (IOException | IllegalArgumentException expected) {
            // the outcome under test
        }
    }

    @RepeatedTest(3)
    void cumulativeStatsAddUpExactlyUnderContention() throws Exception {
        // Threshold 1.0 can never be reached: each thread alternates failure, ignored, success, so any 100
        // consecutive window entries hold successes.
        CircuitBreaker cb = CircuitBreaker.builder("cb").ticker(ticker).failureRateThreshold(1.0)
                .ignoreException(e -> e instanceof IllegalArgumentException).build();

        concurrently(THREADS, thread -> {
            for (int i = 0; i < CALLS; i++) {
                mixedCall(cb, i);
            }
        });

        long failuresPerThread = (CALLS + 2) / 3;
        long ignoredPerThread = (CALLS + 1) / 3;
        CircuitBreakerStats stats = cb.stats();
        assertThat(stats.state()).isEqualTo(State.CLOSED);
        assertThat(stats.failedCalls()).isEqualTo(THREADS * failuresPerThread);
        assertThat(stats.ignoredCalls()).isEqualTo(THREADS * ignoredPerThread);
        assertThat(stats.successfulCalls()).isEqualTo(THREADS * (CALLS - failuresPerThread - ignoredPerThread));
        assertThat(stats.rejectedCalls()).isZero();
        assertThat(stats.total()).isEqualTo(100);

        Fixtures.succeed(cb, 100); // the counters stayed exact through concurrent eviction
        assertThat(cb.stats().failures()).isZero();
        assertThat(cb.stats().total()).isEqualTo(100);
    }

    @RepeatedTest(3)
    void windowCountersAreExactOnceQuiescent() throws Exception {
        // Each thread reads its own fake clock, so a call can be made slow without touching the others' durations.
        ThreadLocal<long[]> clock = ThreadLocal.withInitial(() -> new long[1]);
        CircuitBreaker cb = CircuitBreaker.builder("cb").ticker(() -> clock.get()[0]).windowSize(THREADS * CALLS)
                .failureRateThreshold(1.0).slowCallThreshold(Duration.ofSeconds(1)).build();

        concurrently(THREADS, thread -> {
            for (int i = 0; i < CALLS; i++) {
                if (i % 4 == 0) {
                    Fixtures.fail(cb, 1);
                } else if (i % 5 == 0) {
                    cb.call(() -> clock.get()[0] += 1_000_000_000L);
                } else {
                    cb.call(() -> "ok");
                }
            }
        });

        long slowPerThread = java.util.stream.IntStream.range(0, CALLS).filter(i -> i % 4 != 0 && i % 5 == 0).count();
        CircuitBreakerStats stats = cb.stats();
        assertThat(stats.total()).isEqualTo(THREADS * CALLS);
        assertThat(stats.failures()).isEqualTo(THREADS * CALLS / 4);
        assertThat(stats.slowCalls()).isEqualTo(THREADS * slowPerThread);
    }

    @RepeatedTest(3)
    void timeWindowCountersAreExactOnceQuiescent() throws Exception {
        CircuitBreaker cb = CircuitBreaker.builder("cb").ticker(ticker).slidingWindowType(SlidingWindowType.TIME)
                .windowSize(5).failureRateThreshold(1.0).build();

        concurrently(THREADS, thread -> {
            for (int i = 0; i < CALLS; i++) {
                if (i % 4 == 0) {
                    Fixtures.fail(cb, 1);
                } else {
                    cb.call(() -> "ok");
                }
            }
        });

        assertThat(cb.stats().total()).isEqualTo(THREADS * CALLS);
        assertThat(cb.stats().failures()).isEqualTo(THREADS * CALLS / 4);
    }

    @Test
    void twoHundredConcurrentCallersAreAllRecorded() throws Exception {
        // Reference 3.11: window 500, 200 callers all inside the breaker at once -> total 200, failures 0
        CircuitBreaker cb = CircuitBreaker.builder("cb").windowSize(500).build();
        int callers = 200;
        CountDownLatch allInside = new CountDownLatch(callers);

        concurrently(callers, thread -> cb.call(() -> {
            allInside.countDown();
            return allInside.await(30, TimeUnit.SECONDS);
        }));

        assertThat(cb.stats().total()).isEqualTo(callers);
        assertThat(cb.stats().failures()).isZero();
        assertThat(cb.stats().successfulCalls()).isEqualTo(callers);
    }

    @RepeatedTest(10)
    void halfOpenPermitsExactlyTheConfiguredProbesToConcurrentCallers() throws Exception {
        int permitted = 3;
        int callers = 16;
        CircuitBreaker cb = CircuitBreaker.builder("cb").ticker(ticker).minimumCalls(1)
                .openTimeout(Duration.ofSeconds(1)).permittedCallsInHalfOpen(permitted).build();
        Fixtures.fail(cb, 1);
        ticker.advance(Duration.ofSeconds(1));
        AtomicInteger rejected = new AtomicInteger();
        CountDownLatch decided = new CountDownLatch(callers);
        CountDownLatch release = new CountDownLatch(1);

        Thread releaser = new Thread(() -> {
            try {
                decided.await();
            } catch (InterruptedException e) {
                return;
            }
            release.countDown();
        });
        releaser.start();
        concurrently(callers, thread -> {
            try {
                cb.call(() -> {
                    decided.countDown();
                    return release.await(30, TimeUnit.SECONDS);
                });
            } catch (CircuitOpenException e) {
                rejected.incrementAndGet();
                decided.countDown();
            }
        });
        releaser.join();

        assertThat(rejected.get()).isEqualTo(callers - permitted);
        assertThat(cb.state()).isEqualTo(State.CLOSED);
        assertThat(cb.stats().successfulCalls()).isEqualTo(permitted);
    }

    @RepeatedTest(10)
    void concurrentFailuresTripTheBreakerExactlyOnce() throws Exception {
        Fixtures.Transitions transitions = new Fixtures.Transitions();
        CircuitBreaker cb = CircuitBreaker.builder("cb").ticker(ticker).windowSize(50).minimumCalls(20)
                .onStateChange(transitions).build();

        concurrently(THREADS, thread -> {
            for (int i = 0; i < 200; i++) {
                try {
                    Fixtures.fail(cb, 1);
                } catch (AssertionError e) {
                    if (!(e.getCause() instanceof CircuitOpenException)) {
                        throw e;
                    }
                }
            }
        });

        assertThat(transitions.seen).containsExactly("CLOSED->OPEN");
        CircuitBreakerStats stats = cb.stats();
        assertThat(stats.failedCalls() + stats.rejectedCalls()).isEqualTo(THREADS * 200);
    }

    @RepeatedTest(5)
    void racingTransitionsAreNotifiedOnceEachAndInOrder() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        CircuitBreaker cb = CircuitBreaker.builder("cb").ticker(ticker).windowSize(5).minimumCalls(2)
                .onStateChange((name, from, to) -> seen.add(from + "->" + to)).build();
        CircuitBreakerEventsCounter events = new CircuitBreakerEventsCounter();
        cb.events().subscribe(events);

        concurrently(4, thread -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < 2_000; i++) {
                switch (random.nextInt(4)) {
                    case 0 -> cb.forceOpen();
                    case 1 -> cb.reset();
                    case 2 -> {
                        try {
                            Fixtures.fail(cb, 1);
                        } catch (AssertionError rejected) {
                            // open: the call was rejected
                        }
                    }
                    default -> cb.tryAcquirePermission().ifPresent(CircuitBreaker.Permit::onSuccess);
                }
            }
        });

        assertThat(seen).isNotEmpty();
        String previous = "CLOSED";
        for (String transition : seen) {
            String[] states = transition.split("->");
            assertThat(states[0]).as("chain at %s in %s", transition, seen).isEqualTo(previous);
            assertThat(states[1]).isNotEqualTo(states[0]);
            previous = states[1];
        }
        assertThat(previous).isEqualTo(cb.state().name());
        assertThat(events.transitions.get()).isEqualTo(seen.size());
    }

    @Test
    void rejectionsAreCountedExactlyUnderContention() throws Exception {
        CircuitBreaker cb = CircuitBreaker.builder("cb").build();
        cb.forceOpen();

        concurrently(THREADS, thread -> {
            for (int i = 0; i < CALLS; i++) {
                cb.tryAcquirePermission();
            }
        });

        assertThat(cb.stats().rejectedCalls()).isEqualTo(THREADS * CALLS);
    }

    private static final class CircuitBreakerEventsCounter implements dev.resiliency.EventListener<CircuitBreakerEvent> {
        final AtomicInteger transitions = new AtomicInteger();

        @Override
        public void onEvent(CircuitBreakerEvent event) {
            if (event instanceof CircuitBreakerEvent.StateTransition) {
                transitions.incrementAndGet();
            }
        }
    }
}
