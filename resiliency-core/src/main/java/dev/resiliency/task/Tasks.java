package dev.resiliency.task;

import dev.resiliency.AllFailedException;
import dev.resiliency.DefaultExecutors;
import dev.resiliency.ResiliencyTimeoutException;
import dev.resiliency.Ticker;
import dev.resiliency.internal.Checks;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Combinators over a list of tasks: {@link #race race} (first to return wins), {@link #allSettled allSettled}
 * (every outcome, in input order), {@link #map map} (bounded, fail-fast parallel map) and {@link #firstOk firstOk}
 * (sequential fallbacks).
 *
 * <p><b>Threads.</b> race, allSettled and map run each task on {@link DefaultExecutors#executor()} (a virtual
 * thread on Java 21+, else a shared pool of daemon threads {@code resiliency-N}); {@link #using(Executor)} gives
 * the same combinators on your executor. The calling thread only waits, on a completion queue, with no busy
 * loop. firstOk runs every task in the calling thread.
 *
 * <p><b>Nothing left behind.</b> When a combinator returns or throws, every task it started has completed or
 * has been cancelled with {@link java.util.concurrent.Future#cancel(boolean) cancel(true)}: interrupted if it
 * was running, never started if it was still queued in the executor. Cancellation in Java is cooperative: a
 * task that ignores interrupts keeps its thread until it ends on its own, but its result is discarded.
 *
 * <p><b>Timeouts.</b> Every combinator has a variant without a timeout (wait as long as it takes) and one with
 * a {@code timeout} (>= 0) over the whole call. Time is read from a {@link Ticker}
 * ({@link #using(Executor, Ticker)}).
 *
 * <p><b>Failures.</b> Any {@link Exception} a task throws is a failure, checked ones included, and reaches
 * the caller as the same instance (directly, in a {@link Settled.Failure}, or as a suppressed exception of an
 * {@link AllFailedException}). A returned value, {@code null} included, is never inspected: it is a success.
 * {@link Error}s: race, map and firstOk rethrow a task's {@code Error} at once (after cancelling the other
 * tasks), because skipping it would hide a bug; allSettled records it in that task's slot like any other
 * failure, since its contract is to report every outcome.
 *
 * <p><b>Interrupts.</b> If the calling thread is interrupted while it waits, every started task is cancelled
 * and {@link InterruptedException} is thrown. A firstOk task that throws {@code InterruptedException} ends the
 * chain: it is rethrown rather than treated as a failure, so the next task is not tried.
 *
 * <p>If the executor rejects a task ({@link RejectedExecutionException}), the tasks already started are
 * cancelled and the rejection is thrown. Avoid running a combinator on a thread of a bounded executor it also
 * uses for its tasks: it can wait forever for a thread it holds.
 *
 * <p>Empty input: allSettled and map return an empty list; race and firstOk throw
 * {@link IllegalArgumentException} ("tasks must not be empty"), our translation of the original library's
 * {@code {:error, :empty}}, because there is no value to return.
 */
public final class Tasks {

    private static final TaskRunner DEFAULT = new TaskRunner(DefaultExecutors.executor(), Ticker.system());

    private Tasks() {
    }

    /** The combinators running their tasks on {@code executor}, with the system ticker. */
    public static TaskRunner using(Executor executor) {
        return using(executor, Ticker.system());
    }

    /** The combinators running their tasks on {@code executor} and reading time from {@code ticker}. */
    public static TaskRunner using(Executor executor, Ticker ticker) {
        return new TaskRunner(Checks.notNull(executor, "executor"), Checks.notNull(ticker, "ticker"));
    }

    /**
     * Runs every task concurrently and returns the value of the first one to <em>return</em>; the others are
     * cancelled (interrupted) at once. A task that throws is skipped and the race goes on, so a fast failure
     * never beats a slower success. Waits with no time limit.
     *
     * @return the winner's value, which may be {@code null}
     * @throws AllFailedException if every task threw; each failure is suppressed in it, in completion order
     * @throws IllegalArgumentException if {@code tasks} is empty
     * @throws InterruptedException if the calling thread is interrupted while it waits
     */
    public static <T> T race(List<? extends Callable<? extends T>> tasks) throws InterruptedException {
        return DEFAULT.race(tasks);
    }

    /**
     * {@link #race(List)} with a deadline: if no task has returned within {@code timeout}, every task still
     * running is cancelled and {@link ResiliencyTimeoutException} is thrown, even if some tasks had already
     * failed.
     */
    public static <T> T race(List<? extends Callable<? extends T>> tasks, Duration timeout) throws InterruptedException {
        return DEFAULT.race(tasks, timeout);
    }

    /**
     * Runs every task concurrently, waits for all of them, and returns one {@link Settled} per task in
     * <em>input</em> order (not completion order). Never short-circuits and never throws for a task's
     * failure: a task that threw is a {@link Settled.Failure} holding what it threw. Empty input gives an
     * empty list. The returned list is unmodifiable.
     *
     * @throws InterruptedException if the calling thread is interrupted while it waits
     */
    public static <T> List<Settled<T>> allSettled(List<? extends Callable<? extends T>> tasks)
            throws InterruptedException {
        return DEFAULT.allSettled(tasks);
    }

    /**
     * {@link #allSettled(List)} with a deadline: tasks that finished by then keep their outcome; each one
     * still running is cancelled and its slot is a {@link Settled.Failure} holding a
     * {@link ResiliencyTimeoutException}.
     */
    public static <T> List<Settled<T>> allSettled(List<? extends Callable<? extends T>> tasks, Duration timeout)
            throws InterruptedException {
        return DEFAULT.allSettled(tasks, timeout);
    }

    /**
     * Applies {@code fn} to every item concurrently, at most {@code maxConcurrency} at a time (a sliding window:
     * the next item starts as soon as one finishes), and returns the results in input order. The items are
     * copied once at the start. Fail-fast: on the first failure (in completion order) every running call is
     * cancelled, no further item is started, and that failure is rethrown unchanged. With
     * {@code maxConcurrency} 1 the items run strictly one after another in input order. Empty input gives an
     * empty list. The returned list is unmodifiable and may contain {@code null}s.
     *
     * <p>The original library defaults the limit to the number of cores; pass
     * {@code Runtime.getRuntime().availableProcessors()} for the same.
     *
     * @param maxConcurrency how many items may be processed at once, >= 1
     * @throws Exception what {@code fn} threw first, unchanged; {@link InterruptedException} if the calling
     *         thread is interrupted while it waits
     * @throws IllegalArgumentException if {@code maxConcurrency} < 1
     */
    public static <I, O> List<O> map(List<? extends I> items, ThrowingFunction<? super I, ? extends O> fn,
            int maxConcurrency) throws Exception {
        return DEFAULT.map(items, fn, maxConcurrency);
    }

    /**
     * {@link #map(List, ThrowingFunction, int)} with a deadline over the whole map: when it passes, the running
     * calls are cancelled, the remaining items are never started, and {@link ResiliencyTimeoutException} is
     * thrown.
     */
    public static <I, O> List<O> map(List<? extends I> items, ThrowingFunction<? super I, ? extends O> fn,
            int maxConcurrency, Duration timeout) throws Exception {
        return DEFAULT.map(items, fn, maxConcurrency, timeout);
    }

    /**
     * Tries the tasks one after another in the calling thread and returns the value of the first that returns
     * (even {@code null}); the tasks after it are never called. A task that throws an {@code Exception} is
     * skipped.
     *
     * @throws AllFailedException if every task threw; each failure is suppressed in it, in order
     * @throws IllegalArgumentException if {@code tasks} is empty
     * @throws InterruptedException rethrown unchanged from a task, ending the chain
     */
    public static <T> T firstOk(List<? extends Callable<? extends T>> tasks) throws InterruptedException {
        return DEFAULT.firstOk(tasks);
    }

    /**
     * {@link #firstOk(List)} with a total time budget. The budget is <em>not</em> preemptive: a running task is
     * never interrupted. It is checked after each failed task: if the time spent since the start has reached
     * {@code timeout}, the remaining tasks are not tried and {@link AllFailedException} is thrown with the
     * failures so far. A task that succeeds after the budget ran out is still returned.
     */
    public static <T> T firstOk(List<? extends Callable<? extends T>> tasks, Duration timeout)
            throws InterruptedException {
        return DEFAULT.firstOk(tasks, timeout);
    }
}
