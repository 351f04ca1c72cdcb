package dev.resiliency.task;

import dev.resiliency.ResiliencyTimeoutException;
import dev.resiliency.Ticker;
import dev.resiliency.internal.Checks;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executor;

/** {@link Tasks#map}: a bounded, fail-fast parallel map; see there for the contract. */
final class ParallelMap {

    static final String NAME = "map";

    private ParallelMap() {
    }

    static <I, O> List<O> run(Executor executor, Ticker ticker, List<? extends I> items,
            ThrowingFunction<? super I, ? extends O> fn, int maxConcurrency, Duration timeout) throws Exception {
        Checks.notNull(items, "items");
        Checks.notNull(fn, "fn");
        Checks.positive(maxConcurrency, "maxConcurrency");
        Object[] input = items.toArray(); // materialized once, as the reference does
        if (input.length == 0) {
            return List.of();
        }
        TaskGroup<O> group = new TaskGroup<>(executor, ticker, input.length, timeout);
        Object[] results = new Object[input.length];
        try {
            int next = 0;
            for (int limit = Math.min(maxConcurrency, input.length); next < limit; next++) {
                start(group, next, fn, input);
            }
            for (int pending = input.length; pending > 0; pending--) {
                TaskSlot<O> slot = group.awaitNext();
                if (slot == null) {
                    throw new ResiliencyTimeoutException(NAME, "map of " + input.length + " items", timeout);
                }
                Settled<O> outcome = slot.outcome();
                if (!outcome.isSuccess()) {
                    throw TaskArgs.rethrow(outcome.error()); // fail-fast; the finally cancels the active ones
                }
                results[slot.index] = outcome.value();
                // A slot is only started when one finished, so at most maxConcurrency user functions run at once.
                if (next < input.length) {
                    start(group, next++, fn, input);
                }
            }
        } finally {
            group.cancelAll();
        }
        @SuppressWarnings("unchecked")
        List<O> list = (List<O>) Collections.unmodifiableList(Arrays.asList(results));
        return list;
    }

    @SuppressWarnings("unchecked")
    private static <I, O> void start(TaskGroup<O> group, int index, ThrowingFunction<? super I, ? extends O> fn,
            Object[] input) {
        I item = (I) input[index];
        group.start(index, () -> fn.apply(item));
    }
}
