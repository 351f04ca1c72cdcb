package dev.resiliency.benchmarks.hedging;

import java.util.Arrays;

/**
 * What one (profile, strategy) run produced: per request, its latency as the caller saw it (unscaled
 * nanoseconds, -1 when it never ran because a real-time run hit its time budget) and how many copies reached
 * the downstream; plus the policy's own counters.
 */
final class Outcome {

  final Profile profile;
  final Strategy strategy;
  final long[] latencyNanos;
  final int[] copies;
  long failures;
  long hedgedRequests;
  long hedgeWon;
  boolean truncated;
  long wallMillis;

  Outcome(Profile profile, Strategy strategy) {
    this.profile = profile;
    this.strategy = strategy;
    this.latencyNanos = new long[profile.totalRequests()];
    this.copies = new int[profile.totalRequests()];
    Arrays.fill(latencyNanos, -1L);
  }

  /** Statistics over the measured window (requests after the warm-up that completed). */
  Summary summary() {
    int from = profile.warmup();
    int to = profile.totalRequests();
    long[] measured = new long[to - from];
    int count = 0;
    long extra = 0;
    double sum = 0;
    for (int i = from; i < to; i++) {
      if (latencyNanos[i] >= 0) {
        measured[count++] = latencyNanos[i];
        extra += Math.max(0, copies[i] - 1);
        sum += latencyNanos[i];
      }
    }
    long[] sorted = Arrays.copyOf(measured, count);
    Arrays.sort(sorted);
    return new Summary(profile.name(), strategy, count, extra, count == 0 ? 0 : 100.0 * extra / count,
        ms(percentile(sorted, 50)), ms(percentile(sorted, 90)), ms(percentile(sorted, 99)),
        ms(percentile(sorted, 99.9)), ms(count == 0 ? 0 : sorted[count - 1]), count == 0 ? 0 : sum / count / 1e6,
        failures, truncated, wallMillis, sorted);
  }

  /** Nearest rank: the smallest sample such that at least p % of the samples are at or below it. */
  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.min(Math.max(index, 0), sorted.length - 1)];
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  /** One row of the study's CSV. {@code sortedNanos} feeds the plot. */
  record Summary(String profile, Strategy strategy, int requests, long extraRequests, double extraPercent,
      double p50, double p90, double p99, double p999, double max, double mean, long failures, boolean truncated,
      long wallMillis, long[] sortedNanos) {

    static final String CSV_HEADER =
        "mode,profile,strategy,requests,extra_requests,extra_pct,p50_ms,p90_ms,p99_ms,p999_ms,max_ms,mean_ms,"
            + "failures,truncated,time_scale,wall_ms";

    String csv(String mode, double scale) {
      return String.format(java.util.Locale.ROOT, "%s,%s,%s,%d,%d,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%d,%b,%s,%d",
          mode, profile, strategy.name().toLowerCase(java.util.Locale.ROOT), requests, extraRequests, extraPercent,
          p50, p90, p99, p999, max, mean, failures, truncated, scale == 1.0 ? "1" : "1/" + (long) scale, wallMillis);
    }
  }
}
