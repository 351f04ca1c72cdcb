package dev.resiliency.semaphore;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/** Background callers for semaphore tests; closing it interrupts whatever is still running. */
final class Threads implements AutoCloseable {

    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ws-test");
        t.setDaemon(true);
        return t;
    });

    /** Waits, polling every millisecond, until {@code condition} holds (at most 10 s). */
    static void until(Callable<Boolean> condition) {
        Awaitility.await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(10))
                .until(condition);
    }

    <T> Future<T> start(Callable<T> task) {
        return pool.submit(task);
    }

    /**
     * Starts a call holding {@code weight} permits until {@code release} is counted down; returns once it holds
     * them.
     */
    Future<String> hold(WeightedSemaphore semaphore, int weight, CountDownLatch release) throws InterruptedException {
        CountDownLatch holding = new CountDownLatch(1);
        Future<String> future = start(() -> semaphore.acquire(weight, () -> {
            holding.countDown();
            release.await();
            return "held " + weight;
        }));
        if (!holding.await(5, TimeUnit.SECONDS)) {
            throw new AssertionError("the holder never got its permits");
        }
        return future;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
