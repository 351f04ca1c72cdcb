package dev.resiliency.circuitbreaker;

/**
 * The closed-state window. One instance lives for one CLOSED period: a transition to CLOSED installs a fresh
 * window instead of clearing the old one, so a late writer that still holds the old window can never leak an
 * outcome into the new period.
 */
abstract class SlidingWindow {

    final Thresholds thresholds;

    SlidingWindow(Thresholds thresholds) {
        this.thresholds = thresholds;
    }

    static SlidingWindow create(CircuitBreakerConfig config, Thresholds thresholds) {
        return config.slidingWindowType() == SlidingWindowType.COUNT
                ? new CountWindow(config.windowSize(), thresholds)
                : new TimeWindow(config.windowSize(), thresholds);
    }

    /**
     * Adds one outcome ({@link Outcomes#SUCCESS} or {@link Outcomes#FAILURE}, maybe with {@link Outcomes#SLOW}).
     *
     * @param nowNanos the ticker reading at the end of the call
     * @return whether the window, as this writer saw it, now warrants tripping the breaker
     */
    abstract boolean record(int code, long nowNanos);

    /** The counters as of {@code nowNanos}, exact once no writer is in flight. */
    abstract WindowCounts counts(long nowNanos);
}
