package dev.resiliency.task;

import dev.resiliency.ResiliencyTimeoutException;
import dev.resiliency.Ticker;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

/** {@link Tasks#allSettled}: every task's outcome, in input order; see there for the contract. */
final class AllSettled {

    static final String NAME = "allSettled";

    private AllSettled() {
    }

    static <T> List<Settled<T>> run(Executor executor, Ticker ticker, List<? extends Callable<? extends T>> tasks,
            Duration timeout) throws InterruptedException {
        Callable<? extends T>[] snapshot = TaskArgs.tasks(tasks, true);
        if (snapshot.length == 0) {
            return List.of();
        }
        TaskGroup<T> group = new TaskGroup<>(executor, ticker, snapshot.length, timeout);
        @SuppressWarnings("unchecked")
        Settled<T>[] results = (Settled<T>[]) new Settled<?>[snapshot.length];
        try {
            for (int i = 0; i < snapshot.length; i++) {
                group.start(i, snapshot[i]);
            }
            for (int pending = snapshot.length; pending > 0; pending--) {
                TaskSlot<T> slot = group.awaitNext();
                if (slot == null) {
                    settleUnfinished(group, results, timeout);
                    break;
                }
                results[slot.index] = slot.outcome();
            }
        } finally {
            group.cancelAll();
        }
        return Collections.unmodifiableList(Arrays.asList(results));
    }

    private static <T> void settleUnfinished(TaskGroup<T> group, Settled<T>[] results, Duration timeout) {
        for (int i = 0; i < results.length; i++) {
            if (results[i] != null) {
                continue;
            }
            TaskSlot<T> slot = group.slot(i);
            // cancel() fails only for a task that completed after the deadline was seen: it did finish, so it
            // keeps its real outcome instead of a timeout.
            slot.cancel(true);
            results[i] = slot.isCancelled()
                    ? new Settled.Failure<>(new ResiliencyTimeoutException(NAME,
                            "task " + i + " of " + results.length, timeout))
                    : slot.outcome();
        }
    }
}
