package dev.resiliency.spring.metrics;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs each task on a new daemon thread that knows the task's submission number: a hedged call submits its original
 * first (0), then its hedges, so a test callable can tell which copy it is whatever thread starts first.
 */
final class IndexedExecutor implements Executor {

    private static final ThreadLocal<Integer> INDEX = new ThreadLocal<>();

    private final AtomicInteger next = new AtomicInteger();

    /** The submission number of the task running on this thread (0 for the original copy). */
    static int copyIndex() {
        return INDEX.get();
    }

    /** Starts counting again from 0: call before each hedged call. */
    void reset() {
        this.next.set(0);
    }

    @Override
    public void execute(Runnable task) {
        int index = this.next.getAndIncrement();
        Thread thread = new Thread(() -> {
            INDEX.set(index);
            task.run();
        }, "copy-" + index);
        thread.setDaemon(true);
        thread.start();
    }
}
