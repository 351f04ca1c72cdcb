package dev.resiliency.benchmarks.hedging;

import dev.resiliency.Scheduler;
import dev.resiliency.Ticker;
import dev.resiliency.hedged.Hedged;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * What the study compares. Every hedging strategy sends at most 2 copies (the default {@code maxRequests}).
 * Durations are divided by the run's time scale so a scaled-down real-time run keeps the same shape.
 */
enum Strategy {
  NONE("no hedging"),
  FIXED_10MS("fixed 10 ms"),
  ADAPTIVE_P95("adaptive p95"),
  ADAPTIVE_P99("adaptive p99"),
  ADAPTIVE_P95_NO_TOKENS("adaptive p95, no token limit");

  final String label;

  Strategy(String label) {
    this.label = label;
  }

  /** The hedging policy, or {@code null} for {@link #NONE}; {@code ticker}/{@code scheduler}/{@code executor} may be null (defaults). */
  Hedged build(double scale, Ticker ticker, Scheduler scheduler, Executor executor) {
    if (this == NONE) {
      return null;
    }
    Hedged.Builder builder = Hedged.builder("study-" + name().toLowerCase())
        .maxRequests(2)
        .timeout(scaled(Duration.ofSeconds(5), scale));
    switch (this) {
      case FIXED_10MS -> builder.delay(scaled(Duration.ofMillis(10), scale));
      case ADAPTIVE_P95, ADAPTIVE_P99, ADAPTIVE_P95_NO_TOKENS -> {
        builder.percentile(this == ADAPTIVE_P99 ? 99 : 95)
            .minDelay(scaled(Duration.ofMillis(1), scale))
            .maxDelay(scaled(Duration.ofSeconds(5), scale))
            .initialDelay(scaled(Duration.ofMillis(100), scale));
        if (this == ADAPTIVE_P95_NO_TOKENS) {
          builder.tokenHedgeCost(0.0); // hedges never spend tokens: throttling off, for contrast
        }
      }
      default -> throw new AssertionError(this);
    }
    if (ticker != null) {
      builder.ticker(ticker);
    }
    if (scheduler != null) {
      builder.scheduler(scheduler);
    }
    if (executor != null) {
      builder.executor(executor);
    }
    return builder.build();
  }

  static Duration scaled(Duration duration, double scale) {
    return Duration.ofNanos(Math.max(1L, Math.round(duration.toNanos() / scale)));
  }
}
