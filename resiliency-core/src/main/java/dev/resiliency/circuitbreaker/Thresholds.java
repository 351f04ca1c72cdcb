package dev.resiliency.circuitbreaker;

/** The trip rule shared by the closed window and the half-open evaluation. */
final class Thresholds {

    private final int minimumCalls;
    private final double failureRate;
    private final double slowCallRate;

    Thresholds(int minimumCalls, double failureRate, double slowCallRate) {
        this.minimumCalls = minimumCalls;
        this.failureRate = failureRate;
        this.slowCallRate = slowCallRate;
    }

    /**
     * The closed-state rule: at least {@code minimumCalls} outcomes and a rate at or above its threshold.
     * A snapshot that is visibly torn by concurrent writers (a field below 0 or above total) is not rated; the
     * writer that completes the picture rates the exact counts (see {@link CountWindow}).
     */
    boolean closedTrips(long total, long failures, long slow) {
        if (total < minimumCalls || failures < 0 || slow < 0 || failures > total || slow > total) {
            return false;
        }
        return reached(total, failures, slow);
    }

    /**
     * Either rate at or above its threshold (inclusive). Division, not multiplication, so that a threshold of
     * 0.3 trips on 3 of 10 exactly as {@code 3.0 / 10 >= 0.3} does; {@code total} must be positive.
     */
    boolean reached(long total, long failures, long slow) {
        return (double) failures / total >= failureRate || (double) slow / total >= slowCallRate;
    }
}
