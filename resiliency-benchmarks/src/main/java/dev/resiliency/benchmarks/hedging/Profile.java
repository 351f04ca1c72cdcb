package dev.resiliency.benchmarks.hedging;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A simulated downstream: the latency of every copy of every request, drawn up front from a seeded random
 * source so that every strategy faces exactly the same latencies (a paired comparison), and a run is
 * reproducible. Requests {@code [0, warmup)} only warm the adaptive tracker up; statistics cover the
 * {@code measured} requests after them.
 *
 * @param name         short name used in the CSV and RESULTS.md
 * @param description  one line for RESULTS.md
 * @param warmup       requests before the measured window
 * @param measured     requests in the measured window
 * @param concurrency  closed-loop clients sending requests at once
 * @param model        the latency of copy {@code copy} of request {@code request}, in nanoseconds (unscaled)
 * @param strategies   what is compared on this profile
 */
record Profile(String name, String description, int warmup, int measured, int concurrency, LatencyModel model,
    List<Strategy> strategies) {

  static final long MS = 1_000_000L;

  /** The latency of one copy of one request. */
  @FunctionalInterface
  interface LatencyModel {
    long nanos(int request, int totalRequests, int warmup, SplittableRandom random);
  }

  int totalRequests() {
    return warmup + measured;
  }

  /** {@code [request][copy]} latencies in nanoseconds, unscaled, for up to {@code copies} copies. */
  long[][] latencies(int copies, long seed) {
    SplittableRandom random = new SplittableRandom(seed ^ name.hashCode());
    int total = totalRequests();
    long[][] table = new long[total][copies];
    for (int i = 0; i < total; i++) {
      for (int c = 0; c < copies; c++) {
        table[i][c] = model.nanos(i, total, warmup, random);
      }
    }
    return table;
  }

  /** Scales the request counts (not the latencies) for a shorter run. */
  Profile shrink(double factor) {
    return new Profile(name, description, Math.max(1, (int) (warmup * factor)),
        Math.max(100, (int) (measured * factor)), concurrency, model, strategies);
  }

  /** Around 10 ms: normal with a 10 % standard deviation, kept within [5, 20] ms. */
  static long fast(SplittableRandom random) {
    double factor = Math.min(2.0, Math.max(0.5, 1.0 + 0.1 * gaussian(random)));
    return (long) (10 * MS * factor);
  }

  static double gaussian(SplittableRandom random) {
    // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
    double u1 = 1.0 - random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
  }

  static List<Profile> all() {
    List<Strategy> tailStrategies = List.of(Strategy.NONE, Strategy.FIXED_10MS, Strategy.ADAPTIVE_P95,
        Strategy.ADAPTIVE_P99);
    List<Strategy> overloadStrategies = List.of(Strategy.NONE, Strategy.FIXED_10MS, Strategy.ADAPTIVE_P95,
        Strategy.ADAPTIVE_P95_NO_TOKENS);
    return List.of(
        new Profile("tail-2pct", "98 % of copies ~10 ms (normal, sd 1 ms), 2 % ~1 s (uniform 0.9-1.1 s), independent",
            1_000, 100_000, 16,
            (i, n, w, r) -> r.nextDouble() < 0.02 ? (long) (1000 * MS * (0.9 + 0.2 * r.nextDouble())) : fast(r),
            tailStrategies),
        new Profile("lognormal", "lognormal, median 10 ms, sigma 1.0 (p99 ~100 ms, p99.9 ~220 ms), capped at 4 s",
            1_000, 100_000, 16,
            (i, n, w, r) -> (long) Math.min(4000 * MS, 10 * MS * Math.exp(gaussian(r))),
            tailStrategies),
        new Profile("overload-ramp", "after 1,000 requests at ~10 ms, every request slow and slower than all before it"
            + " (1 s rising to 2 s, +/-5 % per copy): every request wants to hedge",
            1_000, 20_000, 32,
            (i, n, w, r) -> i < w ? fast(r)
                : (long) (1000 * MS * (1.0 + (double) (i - w) / (n - w)) * (0.95 + 0.1 * r.nextDouble())),
            overloadStrategies),
        new Profile("overload-flat", "after 1,000 requests at ~10 ms, every request ~1 s (uniform 0.9-1.1 s)",
            1_000, 20_000, 32,
            (i, n, w, r) -> i < w ? fast(r) : (long) (1000 * MS * (0.9 + 0.2 * r.nextDouble())),
            overloadStrategies));
  }
}
