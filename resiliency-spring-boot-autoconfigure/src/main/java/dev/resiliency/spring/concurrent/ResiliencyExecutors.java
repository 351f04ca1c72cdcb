package dev.resiliency.spring.concurrent;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;

import dev.resiliency.DefaultExecutors;
import dev.resiliency.Scheduler;

/**
 * The threads the starter's instances use: the executor that runs hedged copies and the scheduler that fires
 * timers (async retry delays, hedge timers, async wait timeouts). Both carry the submitting thread's context (MDC,
 * tracing, security: whatever is registered with Micrometer's {@code ContextRegistry}) onto the thread that runs
 * the task.
 *
 * <p>The executor runs tasks on virtual threads when {@code spring.threads.virtual.enabled=true} and the JVM has
 * them (Java 21+); otherwise it is the core's {@link DefaultExecutors#executor()} (virtual threads on Java 21+,
 * a cached pool of daemon threads {@code resiliency-N} before).
 */
public final class ResiliencyExecutors implements AutoCloseable {

    private final Executor executor;
    private final Scheduler scheduler;
    private final ContextSnapshotFactory snapshots;
    private final boolean virtualThreads;
    private final ExecutorService owned;

    private ResiliencyExecutors(Executor executor, Scheduler scheduler, ContextSnapshotFactory snapshots,
            boolean virtualThreads, ExecutorService owned) {
        this.snapshots = snapshots;
        this.executor = new ContextPropagatingExecutor(executor, snapshots);
        this.scheduler = new ContextPropagatingScheduler(scheduler, snapshots);
        this.virtualThreads = virtualThreads;
        this.owned = owned;
    }

    /**
     * Executors for the given threading choice.
     *
     * @param virtualThreadsRequested whether {@code spring.threads.virtual.enabled} is on
     * @param snapshots               captures and restores the context of the submitting thread
     */
    public static ResiliencyExecutors create(boolean virtualThreadsRequested, ContextSnapshotFactory snapshots) {
        if (virtualThreadsRequested) {
            ExecutorService virtual = DefaultExecutors.newVirtualThreadExecutor("resiliency-");
            if (virtual != null) {
                return new ResiliencyExecutors(virtual, DefaultExecutors.scheduler(), snapshots, true, virtual);
            }
        }
        return new ResiliencyExecutors(DefaultExecutors.executor(), DefaultExecutors.scheduler(), snapshots,
                DefaultExecutors.usesVirtualThreads(), null);
    }

    /** Executors over the given ones (tests, or a user's own threads), with context propagation. */
    public static ResiliencyExecutors of(Executor executor, Scheduler scheduler, ContextSnapshotFactory snapshots) {
        return new ResiliencyExecutors(executor, scheduler, snapshots, false, null);
    }

    /** Runs hedged copies and other concurrent work; propagates the submitting thread's context. */
    public Executor executor() {
        return this.executor;
    }

    /** Fires timers; the task runs with the context of the thread that scheduled it. */
    public Scheduler scheduler() {
        return this.scheduler;
    }

    /** Whether {@link #executor()} runs tasks on virtual threads. */
    public boolean virtualThreads() {
        return this.virtualThreads;
    }

    /** Captures the current thread's context, to restore it around work that runs elsewhere. */
    public ContextSnapshot captureContext() {
        return this.snapshots.captureAll();
    }

    /** Shuts down the virtual-thread executor this object created, if any; the shared core executors stay. */
    @Override
    public void close() {
        if (this.owned != null) {
            this.owned.shutdown();
        }
    }

    private static final class ContextPropagatingExecutor implements Executor {

        private final Executor delegate;
        private final ContextSnapshotFactory snapshots;

        ContextPropagatingExecutor(Executor delegate, ContextSnapshotFactory snapshots) {
            this.delegate = delegate;
            this.snapshots = snapshots;
        }

        @Override
        public void execute(Runnable task) {
            this.delegate.execute(this.snapshots.captureAll().wrap(task));
        }

        @Override
        public String toString() {
            return "ContextPropagatingExecutor[" + this.delegate + "]";
        }
    }

    private static final class ContextPropagatingScheduler implements Scheduler {

        private final Scheduler delegate;
        private final ContextSnapshotFactory snapshots;

        ContextPropagatingScheduler(Scheduler delegate, ContextSnapshotFactory snapshots) {
            this.delegate = delegate;
            this.snapshots = snapshots;
        }

        @Override
        public Future<?> schedule(Runnable task, Duration delay) {
            return this.delegate.schedule(this.snapshots.captureAll().wrap(task), delay);
        }
    }
}
