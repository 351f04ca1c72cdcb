package dev.resiliency.sample.simulated;

import java.util.random.RandomGenerator;

/** Samples latencies from {@link SimulationSettings}: log-normal body, Pareto tail, capped. */
final class LatencyModel {

    /** Shape of the Pareto tail: below 2, so the tail is heavy (infinite variance) until the cap. */
    static final double TAIL_SHAPE = 1.5;

    private LatencyModel() {
    }

    /** One latency in milliseconds. */
    static long sampleMillis(SimulationSettings settings, RandomGenerator random) {
        double millis;
        if (settings.tailProbability() > 0 && random.nextDouble() < settings.tailProbability()) {
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
