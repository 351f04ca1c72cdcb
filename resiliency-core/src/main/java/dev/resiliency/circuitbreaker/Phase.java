package dev.resiliency.circuitbreaker;

import dev.resiliency.circuitbreaker.CircuitBreaker.State;

/**
 * One period of a breaker's life, immutable. The breaker holds the current phase in one volatile field and
 * moves to the next by CAS, so exactly one thread wins each transition. Every transition installs a new
 * instance whose {@code generation} is the previous one plus one: a permit is tagged with the phase that granted
 * it and its outcome is dropped if that phase is no longer current (reference Q6), and notifications are
 * delivered in generation order.
 */
final class Phase {

    final State state;
    final long generation;
    /** CLOSED: the live window of this period; null otherwise. */
    final SlidingWindow window;
    /** OPEN, FORCED_OPEN, HALF_OPEN: the main window as it was when the breaker left CLOSED. */
    final WindowCounts mainCounts;
    /** OPEN: the ticker reading when it opened. */
    final long openedAt;
    /** HALF_OPEN: the probes of this period; null otherwise. */
    final HalfOpenWindow halfOpen;

    private Phase(State state, long generation, SlidingWindow window, WindowCounts mainCounts, long openedAt,
            HalfOpenWindow halfOpen) {
        this.state = state;
        this.generation = generation;
        this.window = window;
        this.mainCounts = mainCounts;
        this.openedAt = openedAt;
        this.halfOpen = halfOpen;
    }

    static Phase closed(long generation, SlidingWindow window) {
        return new Phase(State.CLOSED, generation, window, null, 0, null);
    }

    static Phase open(long generation, WindowCounts mainCounts, long openedAt) {
        return new Phase(State.OPEN, generation, null, mainCounts, openedAt, null);
    }

    static Phase forcedOpen(long generation, WindowCounts mainCounts) {
        return new Phase(State.FORCED_OPEN, generation, null, mainCounts, 0, null);
    }

    static Phase halfOpen(long generation, WindowCounts mainCounts, int permitted) {
        return new Phase(State.HALF_OPEN, generation, null, mainCounts, 0, new HalfOpenWindow(permitted));
    }

    /** The main window's counters: live while CLOSED, the snapshot taken on leaving CLOSED otherwise. */
    WindowCounts mainCounts(long nowNanos) {
        return window != null ? window.counts(nowNanos) : mainCounts;
    }
}
