package dev.resiliency.task;

import dev.resiliency.Ticker;
import dev.resiliency.internal.Checks;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The tasks one combinator call started, their shared completion queue and its deadline. Every combinator
 * ends with {@link #cancelAll()} in a {@code finally}, which is what guarantees that no task it started
 * outlives the call (other than a task that ignores interrupts, which Java cannot stop).
 */
final class TaskGroup<T> {

    private final Executor executor;
    private final Ticker ticker;
    private final long startNanos;
    private final long timeoutNanos; // < 0: no deadline
    private final LinkedBlockingQueue<TaskSlot<T>> completions = new LinkedBlockingQueue<>();
    private final TaskSlot<T>[] slots;

    @SuppressWarnings("unchecked")
    TaskGroup(Executor executor, Ticker ticker, int size, Duration timeout) {
        this.executor = executor;
        this.ticker = ticker;
        this.startNanos = ticker.read();
        this.timeoutNanos = timeout == null ? -1L : Checks.toNanos(timeout);
        this.slots = (TaskSlot<T>[]) new TaskSlot<?>[size];
    }

    /**
     * Hands task {@code index} to the executor. If the executor rejects it, the exception propagates and the
     * caller's {@code finally} cancels whatever was already started.
     */
    void start(int index, Callable<? extends T> task) {
        TaskSlot<T> slot = new TaskSlot<>(task, index, completions);
        slots[index] = slot;
        executor.execute(slot);
    }

    TaskSlot<T> slot(int index) {
        return slots[index];
    }

    /**
     * Waits for the next task to complete, in completion order.
     *
     * @return the completed slot, or {@code null} when the deadline has passed first
     */
    TaskSlot<T> awaitNext() throws InterruptedException {
        if (timeoutNanos < 0) {
            return completions.take();
        }
        // Elapsed time rather than an absolute deadline: start + timeout could overflow for huge timeouts.
        long remaining = timeoutNanos - (ticker.read() - startNanos);
        if (remaining <= 0) {
            return completions.poll(); // a completion that is already there still counts
        }
        // null here means the deadline passed; it is not re-checked against the ticker, so that a fake ticker
        // that did not move during this real wait cannot make the caller wait again forever.
        return completions.poll(remaining, TimeUnit.NANOSECONDS);
    }

    /** Cancels (interrupts) every started task that has not completed. Completed tasks ignore the call. */
    void cancelAll() {
        for (TaskSlot<T> slot : slots) {
            if (slot != null) {
                slot.cancel(true);
            }
        }
    }
}
