package dev.resiliency.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.resiliency.Scheduler;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.junit.jupiter.api.RepeatedTest;

/** Real threads: counters add up exactly, and cancellation leaves nothing running. */
class BackoffRetryConcurrencyTest {

    private static final int THREADS = 8;
    private static final int CALLS_PER_THREAD = 10_000;
    private static final int ASYNC_CALLS_PER_THREAD = 2_500;

    /** Outcome by {@code i % 5}: success, success after one retry, exhausted, not retryable, aborted. */
    private static Callable<String> callFor(int i) {
        AtomicInteger calls = new AtomicInteger();
        return switch (i % 5) {
            case 0 -> () -> "ok";
            case 1 -> () -> {
                if (calls.incrementAndGet() == 1) {
                    throw new IOException("transient");
                }
                return "ok";
            };
            case 2 -> () -> {
                throw new IOException("down");
            };
            case 3 -> () -> {
                throw new IllegalStateException("permanent");
            };
            default -> () -> {
                throw BackoffRetry.abort(new IOException("fatal"));
            };
        };
    }

    private static <T> Supplier<CompletionStage<T>> async(Callable<T> callable) {
        return () -> {
            try {
                return CompletableFuture.completedFuture(callable.call());
            } catch (Exception e) {
                return CompletableFuture.failedFuture(e);
            }
        };
    }

    private static BackoffRetry.Builder mixedRetry() {
        return BackoffRetry.builder("concurrent").baseDelay(Duration.ZERO).sleeper(d -> {
        }).retryIf(e -> e instanceof IOException);
    }

    /** The counters after {@code calls} calls spread evenly over the five modes of {@link #callFor(int)}. */
    private static RetryStats expected(long calls) {
        long each = calls / 5;
        return new RetryStats(each, each, each, each, each, each * (1 + 2 + 3 + 1 + 1));
    }

    @RepeatedTest(3)
    void syncStatsAddUpExactlyUnderConcurrency() throws Exception {
        BackoffRetry retry = mixedRetry().build();
        LongAdder finishedEvents = new LongAdder();
        retry.events().subscribe(event -> {
            if (event instanceof RetryEvent.Finished) {
                finishedEvents.increment();
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                workers.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < CALLS_PER_THREAD; i++) {
                        try {
                            retry.call(callFor(i));
                        } catch (Exception expected) {
                            // the failing modes
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> worker : workers) {
                worker.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(retry.stats()).isEqualTo(expected(THREADS * CALLS_PER_THREAD));
        assertThat(finishedEvents.sum()).isEqualTo(THREADS * CALLS_PER_THREAD);
    }

    /** Fewer calls than the sync test: every retry goes through the one shared timer thread. */
    @RepeatedTest(2)
    void asyncStatsAddUpExactlyOnRealSchedulerAndExecutor() throws Exception {
        BackoffRetry retry = mixedRetry().build();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<CompletableFuture<String>> results = Collections.synchronizedList(new ArrayList<>());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                workers.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < ASYNC_CALLS_PER_THREAD; i++) {
                        results.add(retry.callAsync(async(callFor(i))));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> worker : workers) {
                worker.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).handle((v, e) -> null)
                .get(30, TimeUnit.SECONDS);
        assertThat(results).allMatch(CompletableFuture::isDone);
        assertThat(retry.stats()).isEqualTo(expected(THREADS * ASYNC_CALLS_PER_THREAD));
    }

    /**
     * Endless async retry loops (every attempt fails, no delay) are cancelled while timers and attempts race on
     * worker threads. The system must go quiet: no task left anywhere, every call counted once, and every
     * supplier invocation counted as an attempt. A loop surviving its cancellation would never let the queue
     * drain.
     */
    @RepeatedTest(5)
    void cancellationRacingWithRetriesLeavesNothingRunning() throws Exception {
        TaskQueue queue = new TaskQueue();
        BackoffRetry retry = BackoffRetry.builder("cancel").maxAttempts(Integer.MAX_VALUE)
                .backoff(BackoffType.CONSTANT).baseDelay(Duration.ZERO)
                .scheduler(queue).executor(queue::submit).build();
        LongAdder invocations = new LongAdder();
        Supplier<CompletionStage<String>> failing = () -> {
            invocations.increment();
            return CompletableFuture.failedFuture(new IOException("down"));
        };
        int calls = 500;
        List<CompletableFuture<String>> results = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            results.add(retry.callAsync(failing));
        }
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread worker = new Thread(queue::drainUntilInterrupted, "drain-" + t);
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }
        try {
            List<CompletableFuture<String>> shuffled = new ArrayList<>(results);
            Collections.shuffle(shuffled);
            for (CompletableFuture<String> result : shuffled) {
                result.cancel(true);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> queue.outstanding.get() == 0);
        } finally {
            workers.forEach(Thread::interrupt);
        }
        assertThat(queue.failures).isEmpty();
        assertThat(results).allMatch(CompletableFuture::isCancelled);
        RetryStats stats = retry.stats();
        assertThat(stats.calls()).isEqualTo(calls);
        assertThat(stats.successWithoutRetry() + stats.successWithRetry() + stats.aborted()).isZero();
        assertThat(stats.attempts()).isEqualTo(invocations.sum());
    }

    /** A scheduler and executor whose tasks all go through one queue drained by test threads; delays ignored. */
    private static final class TaskQueue implements Scheduler {
        final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
        /** Tasks queued and not yet finished; new tasks are only queued by running ones, so 0 means quiet. */
        final AtomicInteger outstanding = new AtomicInteger();
        final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());

        void submit(Runnable task) {
            outstanding.incrementAndGet();
            tasks.add(task);
        }

        @Override
        public Future<?> schedule(Runnable task, Duration delay) {
            CompletableFuture<Void> handle = new CompletableFuture<>();
            submit(() -> {
                if (!handle.isCancelled()) {
                    task.run();
                    handle.complete(null);
                }
            });
            return handle;
        }

        void drainUntilInterrupted() {
            try {
                while (true) {
                    Runnable task = tasks.take();
                    try {
                        task.run();
                    } catch (RuntimeException | Error e) {
                        failures.add(e);
                    } finally {
                        outstanding.decrementAndGet();
                    }
                }
            } catch (InterruptedException stop) {
                // test over
            }
        }
    }
}
