package dev.resiliency;

import java.time.Duration;
import java.util.concurrent.Future;

/**
 * Runs a task once after a delay. The non-blocking ({@code callAsync}) paths use it for everything that would
 * otherwise be a sleep: the delay between async retry attempts, the hedge timer, async timeouts. Injected so that
 * tests can fire timers by advancing a fake clock.
 *
 * <p>The default, {@link DefaultExecutors#scheduler()}, is one shared daemon thread named
 * {@code resiliency-scheduler}; scheduled tasks must therefore be short and hand real work to an executor.
 */
@FunctionalInterface
public interface Scheduler {

    /**
     * Schedules {@code task} to run once after {@code delay}.
     *
     * @return a handle whose {@link Future#cancel(boolean)} prevents the task from running if it has not started
     */
    Future<?> schedule(Runnable task, Duration delay);
}
