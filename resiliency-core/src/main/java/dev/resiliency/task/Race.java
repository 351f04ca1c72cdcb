package dev.resiliency.task;

import dev.resiliency.AllFailedException;
import dev.resiliency.ResiliencyTimeoutException;
import dev.resiliency.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

/** {@link Tasks#race}: the first task to return wins; see there for the contract. */
final class Race {

    static final String NAME = "race";

    private Race() {
    }

    static <T> T run(Executor executor, Ticker ticker, List<? extends Callable<? extends T>> tasks, Duration timeout)
            throws InterruptedException {
        Callable<? extends T>[] snapshot = TaskArgs.tasks(tasks, false);
        TaskGroup<T> group = new TaskGroup<>(executor, ticker, snapshot.length, timeout);
        List<Throwable> failures = new ArrayList<>(snapshot.length);
        try {
            for (int i = 0; i < snapshot.length; i++) {
                group.start(i, snapshot[i]);
            }
            for (int pending = snapshot.length; pending > 0; pending--) {
                TaskSlot<T> slot = group.awaitNext();
                if (slot == null) {
                    // The failures so far are not the cause: the race was lost to the clock, whatever else happened.
                    throw new ResiliencyTimeoutException(NAME, "race of " + snapshot.length + " tasks", timeout);
                }
                Settled<T> outcome = slot.outcome();
                if (outcome.isSuccess()) {
                    return outcome.value();
                }
                Throwable failure = outcome.error();
                if (failure instanceof Error) {
                    // An Error is a bug or a sick JVM, not a lost race: skipping it would hide it whenever
                    // another task wins.
                    throw (Error) failure;
                }
                failures.add(failure);
            }
            throw new AllFailedException(NAME, NAME, failures);
        } finally {
            group.cancelAll();
        }
    }
}
