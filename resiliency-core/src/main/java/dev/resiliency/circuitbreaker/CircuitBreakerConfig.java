package dev.resiliency.circuitbreaker;

import java.time.Duration;

/**
 * The effective options of a {@link CircuitBreaker}, as built (for display: actuator, logs). The predicates and
 * listeners are not part of it.
 *
 * @param slidingWindowType        COUNT (default) or TIME
 * @param windowSize               calls (COUNT) or seconds (TIME); default 100
 * @param minimumCalls             outcomes needed in the window before the closed state rates it; default 10
 * @param failureRateThreshold     trips when {@code failures / total >= threshold}; default 0.5
 * @param slowCallThreshold        a call lasting at least this long is slow; null (the default) when no call is slow
 * @param slowCallRateThreshold    trips when {@code slowCalls / total >= threshold}; default 1.0
 * @param openTimeout              time spent open before letting probes through; default 60s
 * @param permittedCallsInHalfOpen probes allowed while half-open, and the size of their window; default 1
 */
public record CircuitBreakerConfig(SlidingWindowType slidingWindowType, int windowSize, int minimumCalls,
        double failureRateThreshold, Duration slowCallThreshold, double slowCallRateThreshold,
        Duration openTimeout, int permittedCallsInHalfOpen) {
}
