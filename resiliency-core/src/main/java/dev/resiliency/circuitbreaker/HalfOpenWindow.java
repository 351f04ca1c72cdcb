package dev.resiliency.circuitbreaker;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The probes of one HALF_OPEN period: how many permits are out, and the packed counters of their outcomes.
 *
 * <p>Permits are counted by CAS, so N concurrent callers get exactly {@code permitted} permits. Outcomes only
 * add up here (no ring), and at most {@code permitted} outcomes can arrive, since each permit records once and an
 * ignored one gives its permit back instead of recording. The one writer whose add brings the total to
 * {@code permitted} rates the probes; it is the only one that can see that total, so exactly one evaluation runs.
 */
final class HalfOpenWindow {

    private static final VarHandle ISSUED;
    private static final VarHandle COUNTS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            ISSUED = lookup.findVarHandle(HalfOpenWindow.class, "issued", int.class);
            COUNTS = lookup.findVarHandle(HalfOpenWindow.class, "counts", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int permitted;
    private volatile int issued;
    private volatile long counts;

    HalfOpenWindow(int permitted) {
        this.permitted = permitted;
    }

    boolean tryAcquire() {
        while (true) {
            int current = issued;
            if (current >= permitted) {
                return false;
            }
            if (ISSUED.compareAndSet(this, current, current + 1)) {
                return true;
            }
        }
    }

    /** Gives back the permit of an ignored probe (floored at 0, as in the reference). */
    void release() {
        while (true) {
            int current = issued;
            if (current == 0 || ISSUED.compareAndSet(this, current, current - 1)) {
                return;
            }
        }
    }

    /** Adds one outcome; returns the packed counters including it. */
    long record(int code) {
        long delta = Outcomes.contribution(code);
        return (long) COUNTS.getAndAdd(this, delta) + delta;
    }

    /** Whether the packed counters returned by {@link #record} complete the probe window. */
    boolean complete(long packed) {
        return Outcomes.total(packed) == permitted;
    }

    WindowCounts counts() {
        return WindowCounts.ofPacked(counts);
    }
}
