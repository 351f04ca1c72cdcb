package dev.resiliency.hedged;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs each task on a new daemon thread and remembers them, so that a test can count the ones still alive. */
final class TrackingExecutor implements Executor {

    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final AtomicInteger counter = new AtomicInteger();

    @Override
    public void execute(Runnable task) {
        Thread thread = new Thread(task, "tracked-" + counter.incrementAndGet());
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    int created() {
        return threads.size();
    }

    long alive() {
        return threads.stream().filter(Thread::isAlive).count();
    }
}
