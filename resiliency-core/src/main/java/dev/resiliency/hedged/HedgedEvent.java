package dev.resiliency.hedged;

import java.time.Duration;

/** What a {@link Hedged} instance reports to the listeners registered through {@link Hedged#events()}. */
public sealed interface HedgedEvent {

    /** The name of the {@link Hedged} instance. */
    String name();

    /**
     * A hedge is about to start, published before the {@code onHedge} callback.
     *
     * @param attempt the copy's number counting the original: 2 for the first hedge, 3 for the next...
     */
    record HedgeFired(String name, int attempt) implements HedgedEvent {
    }

    /**
     * A call completed (success, failure or timeout), published after it was recorded in the stats. Not published
     * for calls cancelled by their caller.
     *
     * @param success    whether a copy succeeded
     * @param dispatched how many copies were started, the original included
     * @param hedgeWon   whether a hedge (not the original) produced the result
     * @param latency    time from the start of the call to its outcome
     */
    record Completed(String name, boolean success, int dispatched, boolean hedgeWon, Duration latency)
            implements HedgedEvent {
    }
}
