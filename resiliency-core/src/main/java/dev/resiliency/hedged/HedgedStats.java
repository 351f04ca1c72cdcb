package dev.resiliency.hedged;

import java.time.Duration;

/**
 * A snapshot of a {@link Hedged} instance: cumulative counters (exposed by the metrics layer as counters) and the
 * state of its latency window and token bucket.
 *
 * @param totalRequests  completed calls recorded so far (successes, failures and timeouts; calls cancelled by their
 *                       caller are not recorded)
 * @param hedgedRequests recorded calls that fired at least one hedge
 * @param hedgeWon       recorded calls won by a hedge rather than by the original copy
 * @param p50            median latency of the calls in the window, {@code null} when no call was recorded yet
 * @param p95            95th percentile latency, {@code null} when no call was recorded yet
 * @param p99            99th percentile latency, {@code null} when no call was recorded yet
 * @param currentDelay   the delay the next call will wait before hedging (the fixed delay in fixed mode)
 * @param tokens         tokens left in the hedge bucket (stays at {@code tokenMax} in fixed mode)
 */
public record HedgedStats(long totalRequests, long hedgedRequests, long hedgeWon,
                          Duration p50, Duration p95, Duration p99, Duration currentDelay, double tokens) {
}
