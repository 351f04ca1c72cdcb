package dev.resiliency.sample.demo;

import java.time.Duration;
import java.util.Arrays;

/** Percentiles of measured latencies (nearest rank). */
final class Latencies {

    private Latencies() {
    }

    static Duration percentile(long[] nanos, double percentile) {
        if (nanos.length == 0) {
            return Duration.ZERO;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return Duration.ofNanos(sorted[Math.max(0, Math.min(sorted.length, rank) - 1)]);
    }
}
