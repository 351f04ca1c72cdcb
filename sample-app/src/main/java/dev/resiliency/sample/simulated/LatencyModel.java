package dev.resiliency.sample.simulated;

import java.util.random.RandomGenerator;

/**
 * Samples latencies from {@link SimulationSettings}: log-normal body, Pareto tail, capped.
 *
 * <p>Which requests fall in the tail is not drawn at random but spread evenly: request {@code n} of a route is in
 * the tail when {@code floor((n + 1) p) > floor(n p)}, so exactly a fraction {@code p} of any run is, even a short
 * one (with independent draws, a run of 200 requests at 3% has no more than 2 tail requests 6% of the time, and its
 * p99 then shows no tail at all). How long a tail request takes is random.
 */
final class LatencyModel {

    /** Shape of the Pareto tail: below 2, so the tail is heavy (infinite variance) until the cap. */
    static final double TAIL_SHAPE = 1.5;

    private LatencyModel() {
    }

    /** Whether request number {@code index} (from 0) of a route falls in the tail. */
    static boolean inTail(long index, double tailProbability) {
        return Math.floor((index + 1) * tailProbability) > Math.floor(index * tailProbability);
    }

    /** One latency in milliseconds, for a request in the tail or not. */
    static long sampleMillis(SimulationSettings settings, boolean tail, RandomGenerator random) {
        double millis;
        if (tail) {
            // Inverse transform of Pareto(scale, shape): scale / U^(1/shape), U in (0, 1].
            double u = 1.0 - random.nextDouble();
            millis = settings.tailLatencyMs() / Math.pow(u, 1.0 / TAIL_SHAPE);
        }
        else {
            millis = settings.latencyMedianMs() * Math.exp(settings.latencySigma() * random.nextGaussian());
        }
        return Math.round(Math.min(millis, settings.maxLatencyMs()));
    }
}
