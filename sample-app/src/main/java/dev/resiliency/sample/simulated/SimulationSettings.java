package dev.resiliency.sample.simulated;

/**
 * How the simulated downstream behaves: a latency distribution with a heavy tail, and failure rates. Immutable;
 * {@link #with(SettingsUpdate)} makes a changed copy.
 *
 * <p>Latency: a fraction {@code tailProbability} of the requests (spread evenly, see {@link LatencyModel}) falls in
 * the tail, Pareto-distributed from {@code tailLatencyMs} (shape 1.5: most tail requests take 1-2x that, a few far
 * longer); the others take a log-normal time of median {@code latencyMedianMs} and spread {@code latencySigma} (0 =
 * always the median). Every latency is capped at {@code maxLatencyMs}.
 *
 * <p>Failures, decided per request in this order: {@code outage} answers 503 at once; else with probability
 * {@code errorRate} a 503, {@code rateLimitRate} a 429 (with {@code Retry-After: 1}), {@code timeoutRate} no answer
 * for {@code hangMs} (longer than any client timeout), each after the sampled latency.
 */
public record SimulationSettings(double latencyMedianMs, double latencySigma, double tailProbability,
        double tailLatencyMs, double maxLatencyMs, double errorRate, double rateLimitRate, double timeoutRate,
        long hangMs, boolean outage) {

    /** The defaults: a 20 ms median, 5% of requests in a tail from 300 ms, 2% 503s and 1% 429s. */
    public static final SimulationSettings DEFAULTS = new SimulationSettings(20, 0.35, 0.05, 300, 2500, 0.02, 0.01,
            0.0, 30_000, false);

    /** Healthy and fast with no randomness at all: every request succeeds after {@code latencyMs}. */
    public static SimulationSettings fixed(double latencyMs) {
        return new SimulationSettings(latencyMs, 0, 0, latencyMs, Math.max(latencyMs, 1), 0, 0, 0, 30_000, false);
    }

    public SimulationSettings {
        requireNonNegative("latencyMedianMs", latencyMedianMs);
        requireNonNegative("latencySigma", latencySigma);
        requireProbability("tailProbability", tailProbability);
        requireNonNegative("tailLatencyMs", tailLatencyMs);
        requireNonNegative("maxLatencyMs", maxLatencyMs);
        requireProbability("errorRate", errorRate);
        requireProbability("rateLimitRate", rateLimitRate);
        requireProbability("timeoutRate", timeoutRate);
        if (errorRate + rateLimitRate + timeoutRate > 1.0 + 1e-9) {
            throw new IllegalArgumentException("errorRate + rateLimitRate + timeoutRate must be <= 1, got: "
                    + (errorRate + rateLimitRate + timeoutRate));
        }
        if (hangMs < 0) {
            throw new IllegalArgumentException("hangMs must be >= 0, got: " + hangMs);
        }
    }

    /** A copy with every field the update sets replaced. */
    public SimulationSettings with(SettingsUpdate update) {
        return new SimulationSettings(or(update.latencyMedianMs(), latencyMedianMs),
                or(update.latencySigma(), latencySigma), or(update.tailProbability(), tailProbability),
                or(update.tailLatencyMs(), tailLatencyMs), or(update.maxLatencyMs(), maxLatencyMs),
                or(update.errorRate(), errorRate), or(update.rateLimitRate(), rateLimitRate),
                or(update.timeoutRate(), timeoutRate), update.hangMs() != null ? update.hangMs() : hangMs,
                update.outage() != null ? update.outage() : outage);
    }

    private static double or(Double value, double otherwise) {
        return value != null ? value : otherwise;
    }

    private static void requireNonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be >= 0, got: " + value);
        }
    }

    private static void requireProbability(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0.0 and 1.0, got: " + value);
        }
    }
}
