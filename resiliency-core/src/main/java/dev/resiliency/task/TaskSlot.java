package dev.resiliency.task;

import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * One task of a {@link TaskGroup}: a {@link FutureTask} that announces its own completion by putting itself on
 * the group's completion queue, so the waiting caller learns the completion order without polling each task.
 * {@code cancel(true)} interrupts the thread running it, or keeps it from ever starting if it is still queued in
 * the executor.
 */
final class TaskSlot<T> extends FutureTask<T> {

    final int index;
    private final Queue<TaskSlot<T>> completions;

    @SuppressWarnings("unchecked") // a Callable<? extends T> is a Callable<T> for every read of its result
    TaskSlot(Callable<? extends T> task, int index, Queue<TaskSlot<T>> completions) {
        super((Callable<T>) task);
        this.index = index;
        this.completions = completions;
    }

    @Override
    protected void done() {
        // Runs once, after the outcome is published (or after a cancel); the queue's hand-off makes the outcome
        // visible to the caller that takes this slot.
        completions.add(this);
    }

    /** The outcome of a completed task: what it returned or what it threw (any Throwable, Errors included). */
    Settled<T> outcome() {
        try {
            return new Settled.Success<>(get()); // never blocks: only called on completed slots
        } catch (ExecutionException e) {
            return new Settled.Failure<>(e.getCause());
        } catch (CancellationException e) {
            return new Settled.Failure<>(e);
        } catch (InterruptedException e) {
            // Unreachable: get() on a completed FutureTask does not wait. Keep the flag if it ever happens.
            Thread.currentThread().interrupt();
            return new Settled.Failure<>(e);
        }
    }
}
