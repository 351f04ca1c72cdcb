package dev.resiliency.hedged;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The state shared by every call of one {@link Hedged}: the latency window, the counters, the current hedge delay
 * and the token bucket that throttles hedging (reference 8.7, with the token cost reserved at hedge time).
 *
 * <p>Concurrency. The window and the counters change together under one lock, taken only by {@link #record} (after
 * a call has completed, off the latency-critical path) and by {@link #stats()}. The call path itself never takes it:
 * it reads the delay from a volatile field that {@code record} recomputes, and reserves tokens with a CAS loop.
 *
 * <p>Tokens. The reference deducts a hedge's cost when the call is recorded, after the fact, so a burst of slow
 * calls all see the same full bucket and all hedge. Here a hedge reserves its cost when it fires: it needs
 * {@code tokens >= threshold} and subtracts the cost without clamping; recording adds the credit and clamps to
 * {@code [0, tokenMax]}. One call at a time, this is exactly the reference's {@code clamp(t + credit - cost)};
 * under concurrency, hedges beyond what the bucket holds are refused.
 */
final class HedgeTracker {

    private final long fixedDelayNanos;
    private final double percentile;
    private final long minDelayNanos;
    private final long maxDelayNanos;
    private final long initialDelayNanos;
    private final int minSamples;
    private final double tokenMax;
    private final double tokenSuccessCredit;
    private final double tokenHedgeCost;
    private final double tokenThreshold;

    private final Object lock = new Object();
    private final Percentile latencies;
    private long totalRequests;
    private long hedgedRequests;
    private long hedgeWon;

    /** Written under the lock, read lock-free by every call. */
    private volatile long delayNanos;
    /** The bucket as {@link Double#doubleToRawLongBits} so that it can be CAS-updated. */
    private final AtomicLong tokenBits;

    /**
     * @param fixedDelayNanos the fixed delay, or a negative value for adaptive mode (percentile delay, tokens)
     */
    HedgeTracker(long fixedDelayNanos, double percentile, int bufferSize, long minDelayNanos, long maxDelayNanos,
                 long initialDelayNanos, int minSamples, double tokenMax, double tokenSuccessCredit,
                 double tokenHedgeCost, double tokenThreshold) {
        this.fixedDelayNanos = fixedDelayNanos;
        this.percentile = percentile;
        this.minDelayNanos = minDelayNanos;
        this.maxDelayNanos = maxDelayNanos;
        this.initialDelayNanos = initialDelayNanos;
        this.minSamples = minSamples;
        this.tokenMax = tokenMax;
        this.tokenSuccessCredit = tokenSuccessCredit;
        this.tokenHedgeCost = tokenHedgeCost;
        this.tokenThreshold = tokenThreshold;
        this.latencies = new Percentile(bufferSize);
        this.tokenBits = new AtomicLong(Double.doubleToRawLongBits(tokenMax)); // the bucket starts full
        this.delayNanos = adaptive() ? initialDelayNanos : fixedDelayNanos;
    }

    boolean adaptive() {
        return fixedDelayNanos < 0;
    }

    /** The delay before the next hedge, as of the last recorded call. */
    long delayNanos() {
        return delayNanos;
    }

    /**
     * Takes the hedge cost from the bucket if it holds at least the threshold. Always true in fixed mode. Called
     * once per call, when its first hedge is about to fire; the further hedges of that call are covered by it, as
     * the reference charges a hedged call once whatever its number of copies.
     */
    boolean tryReserveHedge() {
        if (!adaptive()) {
            return true;
        }
        while (true) {
            long bits = tokenBits.get();
            double tokens = Double.longBitsToDouble(bits);
            if (!(tokens >= tokenThreshold)) {
                return false;
            }
            // Unclamped on purpose: the clamp happens at record time, which keeps the sequential arithmetic
            // identical to the reference's clamp(t + credit - cost).
            if (tokenBits.compareAndSet(bits, Double.doubleToRawLongBits(tokens - tokenHedgeCost))) {
                return true;
            }
        }
    }

    /** Whether a hedge would be allowed now ({@code tokens >= threshold}); always true in fixed mode. */
    boolean hedgeAllowed() {
        return !adaptive() || Double.longBitsToDouble(tokenBits.get()) >= tokenThreshold;
    }

    /**
     * Records a completed call (success, failure or timeout): its latency, whether it hedged (its cost was
     * reserved) and whether a hedge won. Adds the success credit to the bucket in adaptive mode.
     */
    void record(long latencyNanos, boolean hedged, boolean hedgeWon) {
        synchronized (lock) {
            latencies.add(latencyNanos);
            totalRequests++;
            if (hedged) {
                hedgedRequests++;
            }
            if (hedgeWon) {
                this.hedgeWon++;
            }
            if (adaptive()) {
                delayNanos = computeDelay();
            }
        }
        if (adaptive()) {
            creditTokens();
        }
    }

    private void creditTokens() {
        while (true) {
            long bits = tokenBits.get();
            double tokens = Double.longBitsToDouble(bits);
            double next = Math.min(tokenMax, Math.max(0.0, tokens + tokenSuccessCredit));
            if (tokenBits.compareAndSet(bits, Double.doubleToRawLongBits(next))) {
                return;
            }
        }
    }

    /** The tokens left, never below zero (it can be while reserved hedges are in flight). */
    double tokens() {
        return Math.max(0.0, Double.longBitsToDouble(tokenBits.get()));
    }

    /** Reference compute_delay: the clamped percentile once there are enough samples, else initialDelay unclamped. */
    private long computeDelay() {
        int size = latencies.size();
        if (size > 0 && size >= minSamples) {
            long value = latencies.query(percentile).getAsLong();
            return Math.min(maxDelayNanos, Math.max(minDelayNanos, value));
        }
        return initialDelayNanos;
    }

    HedgedStats stats() {
        synchronized (lock) {
            return new HedgedStats(totalRequests, hedgedRequests, hedgeWon,
                    quantile(50), quantile(95), quantile(99), Duration.ofNanos(delayNanos), tokens());
        }
    }

    private Duration quantile(double p) {
        OptionalLong value = latencies.query(p);
        return value.isPresent() ? Duration.ofNanos(value.getAsLong()) : null;
    }
}
