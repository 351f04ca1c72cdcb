package dev.resiliency.task;

import dev.resiliency.AllFailedException;
import dev.resiliency.Ticker;
import dev.resiliency.internal.Checks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@link Tasks#firstOk}: sequential fallbacks in the caller's thread; see there for the contract. */
final class FirstOk {

    static final String NAME = "firstOk";

    private FirstOk() {
    }

    static <T> T run(Ticker ticker, List<? extends Callable<? extends T>> tasks, Duration timeout)
            throws InterruptedException {
        Callable<? extends T>[] snapshot = TaskArgs.tasks(tasks, false);
        long budgetNanos = timeout == null ? -1L : Checks.toNanos(timeout);
        long start = budgetNanos < 0 ? 0L : ticker.read();
        List<Throwable> failures = new ArrayList<>(snapshot.length);
        for (int i = 0; i < snapshot.length; i++) {
            try {
                return snapshot[i].call();
            } catch (InterruptedException e) {
                // The caller's own thread was interrupted: someone wants it to stop, so trying the next
                // alternative would defeat the interrupt.
                throw e;
            } catch (Exception e) {
                failures.add(e);
            }
            // Non-preemptive budget (reference Q26): checked only here, after a failure, before the next attempt.
            if (budgetNanos >= 0 && i + 1 < snapshot.length && ticker.read() - start >= budgetNanos) {
                throw new AllFailedException(NAME, NAME + " (time budget of " + timeout.toMillis()
                        + " ms spent after " + (i + 1) + " of " + snapshot.length + " tasks)", failures);
            }
        }
        throw new AllFailedException(NAME, NAME, failures);
    }
}
