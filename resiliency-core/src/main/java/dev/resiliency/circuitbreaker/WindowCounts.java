package dev.resiliency.circuitbreaker;

/** The three counters of a window at one moment, clamped into a consistent shape for reporting. */
record WindowCounts(long total, long failures, long slowCalls) {

    static final WindowCounts EMPTY = new WindowCounts(0, 0, 0);

    WindowCounts {
        // A snapshot taken while writers are mid-flight can be off by the number of in-flight records; clamp it
        // into a shape a reader can trust (0 <= failures, slowCalls <= total). Once quiescent no clamping occurs.
        total = Math.max(0, total);
        failures = Math.min(Math.max(0, failures), total);
        slowCalls = Math.min(Math.max(0, slowCalls), total);
    }

    static WindowCounts ofPacked(long packed) {
        return new WindowCounts(Outcomes.total(packed), Outcomes.failures(packed), Outcomes.slow(packed));
    }

    double failureRate() {
        return total == 0 ? 0.0 : (double) failures / total;
    }

    double slowCallRate() {
        return total == 0 ? 0.0 : (double) slowCalls / total;
    }
}
