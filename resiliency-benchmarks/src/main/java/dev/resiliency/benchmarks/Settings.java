package dev.resiliency.benchmarks;

import java.time.Duration;

/**
 * The one configuration every library gets in the overhead benchmarks, and in the annotation benchmarks
 * ({@code annotation.AnnotatedContexts} turns it into each library's properties).
 */
public final class Settings {

  private Settings() {}

  // Circuit breaker: count window of 100, 10 minimum calls, 50 % failure rate, 60 s open, 1 half-open probe.
  public static final int CB_WINDOW = 100;
  public static final int CB_MINIMUM_CALLS = 10;
  public static final double CB_FAILURE_RATE = 0.5;
  public static final Duration CB_OPEN_TIMEOUT = Duration.ofSeconds(60);
  public static final int CB_HALF_OPEN_CALLS = 1;

  // Retry: 3 attempts in total, exponential backoff 100 ms x 2, capped at 5 s. Success on the first attempt.
  public static final int RETRY_MAX_ATTEMPTS = 3;
  public static final Duration RETRY_BASE_DELAY = Duration.ofMillis(100);
  public static final double RETRY_MULTIPLIER = 2.0;
  public static final Duration RETRY_MAX_DELAY = Duration.ofSeconds(5);

  // Bulkhead / semaphores: room to spare for 2 benchmark threads, no waiting.
  public static final int MAX_CONCURRENT = 10;

  // Rate limiter: ample tokens, 10^9 per second with a burst of 10^8 (= 10^8 per 100 ms period). The burst
  // is a 100 ms tolerance so that a benchmark thread descheduled for a few ms on a busy machine cannot run
  // into a (spurious) rejection that would abort the run.
  public static final int BURST = 100_000_000;
  public static final double RATE_PER_SECOND = 1e9;
  public static final Duration RATE_PERIOD = Duration.ofMillis(100);
}
