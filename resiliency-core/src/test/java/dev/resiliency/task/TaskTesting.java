package dev.resiliency.task;

import org.awaitility.Awaitility;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Helpers for the combinator tests. */
final class TaskTesting {

    private TaskTesting() {
    }

    /** A call of a combinator made on its own thread, so the test thread can drive tasks or interrupt it. */
    record Caller<T>(Thread thread, CompletableFuture<T> result) {
    }

    static <T> Caller<T> inBackground(Callable<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(call.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "combinator-caller");
        thread.setDaemon(true);
        thread.start();
        return new Caller<>(thread, result);
    }

    /** A fixed pool whose {@code getActiveCount()} shows whether any task is still running. */
    static ThreadPoolExecutor pool(int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.MINUTES,
                new LinkedBlockingQueue<>());
        return pool;
    }

    /**
     * Counts the tasks it makes that started, that are running, and that were interrupted while hung.
     * {@link #hang()} models a call that never returns unless cancelled.
     */
    static final class Probe {
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger interrupted = new AtomicInteger();
        final CountDownLatch allStarted;

        /** @param hangers how many hanging tasks {@link #allStarted} waits for */
        Probe(int hangers) {
            this.allStarted = new CountDownLatch(hangers);
        }

        <T> Callable<T> hang() {
            return () -> {
                started.incrementAndGet();
                running.incrementAndGet();
                allStarted.countDown();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    interrupted.incrementAndGet();
                    throw e;
                } finally {
                    running.decrementAndGet();
                }
                throw new AssertionError("unreachable");
            };
        }

        /** A task that returns {@code value} once every hanging task has started, so they are all running. */
        <T> Callable<T> returnAfterAllStarted(T value) {
            return () -> {
                allStarted.await();
                return value;
            };
        }

        /** Waits until exactly {@code count} hanging tasks were interrupted and none is still running. */
        void awaitInterrupted(int count) {
            Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> interrupted.get() == count && running.get() == 0);
        }

        /**
         * Waits until no hanging task runs and every one that started was interrupted: for deadlines, where a
         * task may be cancelled before a thread ever picked it up (it then never starts).
         */
        void awaitEveryStartedInterrupted() {
            Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> running.get() == 0 && interrupted.get() == started.get());
        }
    }
}
