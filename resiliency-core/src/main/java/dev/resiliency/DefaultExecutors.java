package dev.resiliency;

import dev.resiliency.internal.Checks;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor and scheduler that primitives use unless one is injected.
 *
 * <ul>
 *   <li>{@link #executor()}: on Java 21 and later, a new virtual thread per task (named {@code resiliency-N});
 *       on Java 17-20, a shared cached pool of daemon platform threads named {@code resiliency-N}, idle threads
 *       retiring after 60 seconds. Detected once at run time; the bytecode stays Java 17.</li>
 *   <li>{@link #scheduler()}: one shared daemon thread, {@code resiliency-scheduler}, that only fires timers.</li>
 * </ul>
 *
 * <p>Neither needs shutting down: all their threads are daemons, and pool threads retire when idle.
 */
public final class DefaultExecutors {

    private static final Executor EXECUTOR = createExecutor();
    private static final boolean VIRTUAL = isVirtual(EXECUTOR);

    private DefaultExecutors() {
    }

    /** The shared default executor: virtual threads where the JVM has them, else daemon threads {@code resiliency-N}. */
    public static Executor executor() {
        return EXECUTOR;
    }

    /** Whether {@link #executor()} runs tasks on virtual threads. */
    public static boolean usesVirtualThreads() {
        return VIRTUAL;
    }

    /** The shared timer: one daemon thread named {@code resiliency-scheduler}. */
    public static Scheduler scheduler() {
        return SchedulerHolder.SCHEDULER;
    }

    /**
     * A new executor running each task on its own virtual thread named {@code prefix + N}, or {@code null} when
     * the running JVM has no virtual threads (Java 17-20).
     */
    public static ExecutorService newVirtualThreadExecutor(String prefix) {
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> builderClass = Class.forName("java.lang.Thread$Builder");
            Object builder = lookup.findStatic(Thread.class, "ofVirtual",
                    MethodType.methodType(Class.forName("java.lang.Thread$Builder$OfVirtual"))).invoke();
            MethodHandle name = lookup.findVirtual(builderClass, "name",
                    MethodType.methodType(builderClass, String.class, long.class));
            builder = name.invoke(builder, prefix, 0L);
            ThreadFactory factory = (ThreadFactory) lookup.findVirtual(builderClass, "factory",
                    MethodType.methodType(ThreadFactory.class)).invoke(builder);
            return (ExecutorService) lookup.findStatic(Executors.class, "newThreadPerTaskExecutor",
                    MethodType.methodType(ExecutorService.class, ThreadFactory.class)).invoke(factory);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            return null; // Java 17-20: no virtual threads
        } catch (Throwable e) {
            return null; // preview-disabled or otherwise unavailable: fall back to platform threads
        }
    }

    /** A thread factory for daemon platform threads named {@code prefix + N}. */
    public static ThreadFactory daemonThreadFactory(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static Executor createExecutor() {
        ExecutorService virtual = newVirtualThreadExecutor("resiliency-");
        return virtual != null ? virtual : Executors.newCachedThreadPool(daemonThreadFactory("resiliency-"));
    }

    private static boolean isVirtual(Executor executor) {
        return !(executor instanceof java.util.concurrent.ThreadPoolExecutor);
    }

    private static final class SchedulerHolder {
        private static final Scheduler SCHEDULER = create();

        private static Scheduler create() {
            ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread thread = new Thread(runnable, "resiliency-scheduler");
                thread.setDaemon(true);
                return thread;
            });
            // Cancelled timers (the common case: a hedge or timeout that was not needed) leave the queue at once.
            timer.setRemoveOnCancelPolicy(true);
            // Saturating: a delay beyond ~292 years (a configured "forever") must not throw ArithmeticException.
            return (task, delay) -> timer.schedule(task, Math.max(0L, Checks.toNanos(delay)), TimeUnit.NANOSECONDS);
        }
    }
}
