package dev.resiliency.benchmarks;

import dev.resiliency.bulkhead.Bulkhead;
import dev.resiliency.circuitbreaker.CircuitBreaker;
import dev.resiliency.hedged.Hedged;
import dev.resiliency.ratelimiter.RateLimiter;
import dev.resiliency.retry.BackoffRetry;
import dev.resiliency.retry.BackoffType;
import dev.resiliency.semaphore.WeightedSemaphore;
import dev.resiliency.singleflight.SingleFlight;
import java.time.Duration;

/**
 * Our primitives with the benchmark configuration, one fresh instance per call. The competitors' factories
 * ({@link Resilience4j}, {@link FailsafePolicies}, {@link SpringThrottle}) use the same numbers from
 * {@link Settings}.
 */
final class Ours {

  private Ours() {}

  static CircuitBreaker circuitBreaker() {
    return CircuitBreaker.builder("bench")
        .windowSize(Settings.CB_WINDOW)
        .minimumCalls(Settings.CB_MINIMUM_CALLS)
        .failureRateThreshold(Settings.CB_FAILURE_RATE)
        .openTimeout(Settings.CB_OPEN_TIMEOUT)
        .permittedCallsInHalfOpen(Settings.CB_HALF_OPEN_CALLS)
        .build();
  }

  static BackoffRetry retry() {
    return BackoffRetry.builder("bench")
        .maxAttempts(Settings.RETRY_MAX_ATTEMPTS)
        .backoff(BackoffType.EXPONENTIAL)
        .baseDelay(Settings.RETRY_BASE_DELAY)
        .multiplier(Settings.RETRY_MULTIPLIER)
        .maxDelay(Settings.RETRY_MAX_DELAY)
        .build();
  }

  static Bulkhead bulkhead() {
    return Bulkhead.builder("bench").maxConcurrent(Settings.MAX_CONCURRENT).maxWait(Duration.ZERO).build();
  }

  static RateLimiter rateLimiter() {
    return RateLimiter.builder("bench").rate(Settings.RATE_PER_SECOND).burstSize(Settings.BURST).build();
  }

  static WeightedSemaphore weightedSemaphore() {
    return WeightedSemaphore.builder("bench").max(Settings.MAX_CONCURRENT).build();
  }

  static SingleFlight singleFlight() {
    return SingleFlight.builder("bench").build();
  }

  /** Adaptive hedging with the defaults; the benchmark's call takes nanoseconds, so no hedge ever fires. */
  static Hedged hedged() {
    return Hedged.builder("bench").build();
  }

  /** The same with the original copy on the caller's thread: no hand-off unless a hedge fires. */
  static Hedged hedgedOnCaller() {
    return Hedged.builder("bench").primaryOnCallerThread(true).build();
  }
}
