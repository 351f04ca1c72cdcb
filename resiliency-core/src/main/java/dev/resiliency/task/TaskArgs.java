package dev.resiliency.task;

import dev.resiliency.internal.Checks;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** Argument checks shared by the combinators; everything is validated before any task starts. */
final class TaskArgs {

    private TaskArgs() {
    }

    /**
     * A snapshot of {@code tasks} (so a list changed by another thread cannot change the call), with no null
     * element, and not empty when {@code emptyAllowed} is false.
     */
    static <T> Callable<? extends T>[] tasks(List<? extends Callable<? extends T>> tasks, boolean emptyAllowed) {
        Checks.notNull(tasks, "tasks");
        @SuppressWarnings("unchecked") // the array only ever holds the list's own elements
        Callable<? extends T>[] snapshot = (Callable<? extends T>[]) tasks.toArray(new Callable<?>[0]);
        if (snapshot.length == 0 && !emptyAllowed) {
            throw new IllegalArgumentException("tasks must not be empty");
        }
        for (int i = 0; i < snapshot.length; i++) {
            if (snapshot[i] == null) {
                throw new NullPointerException("tasks must not contain null, found one at index " + i);
            }
        }
        return snapshot;
    }

    /** A timeout must be present and >= 0 (zero: nothing is waited for). */
    static Duration timeout(Duration timeout) {
        return Checks.nonNegative(timeout, "timeout");
    }

    /** Rethrows a task's failure unchanged: the same instance, checked or not. */
    static RuntimeException rethrow(Throwable failure) throws Exception {
        if (failure instanceof Exception) {
            throw (Exception) failure;
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        throw new IllegalStateException("task failed", failure); // a bare Throwable subclass: not expected
    }
}
