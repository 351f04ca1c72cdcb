package dev.resiliency.task;

import static org.assertj.core.api.Assertions.fail;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An executor that only queues what it is given; the test runs each task when and on the thread it chooses,
 * which makes completion order deterministic.
 */
final class ManualExecutor implements Executor {

    private final BlockingQueue<Runnable> queued = new LinkedBlockingQueue<>();
    private final AtomicInteger submitted = new AtomicInteger();

    @Override
    public void execute(Runnable task) {
        submitted.incrementAndGet();
        queued.add(task);
    }

    /** The next submitted task, waiting up to 5 s for the combinator (on another thread) to submit it. */
    Runnable next() throws InterruptedException {
        Runnable task = queued.poll(5, TimeUnit.SECONDS);
        if (task == null) {
            fail("no task was submitted");
        }
        return task;
    }

    int submitted() {
        return submitted.get();
    }
}
