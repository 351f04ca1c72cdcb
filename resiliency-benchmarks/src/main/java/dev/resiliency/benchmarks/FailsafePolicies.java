package dev.resiliency.benchmarks;

import dev.failsafe.Bulkhead;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.RateLimiter;
import dev.failsafe.RetryPolicy;
import java.time.Duration;

/**
 * Failsafe 3.3.2 with the configuration of {@link Settings}. Failsafe has no "minimum calls": its count-based
 * threshold is "50 failures out of the last 100 executions". Its bursty rate limiter is the fixed-window one
 * (like resilience4j's): 10^8 permits per 100 ms.
 */
final class FailsafePolicies {

  private FailsafePolicies() {}

  static CircuitBreaker<Object> circuitBreaker() {
    return CircuitBreaker.builder()
        .withFailureThreshold((int) (Settings.CB_WINDOW * Settings.CB_FAILURE_RATE), Settings.CB_WINDOW)
        .withDelay(Settings.CB_OPEN_TIMEOUT)
        .withSuccessThreshold(Settings.CB_HALF_OPEN_CALLS)
        .build();
  }

  static RetryPolicy<Object> retry() {
    return RetryPolicy.builder()
        .withMaxAttempts(Settings.RETRY_MAX_ATTEMPTS)
        .withBackoff(Settings.RETRY_BASE_DELAY, Settings.RETRY_MAX_DELAY, Settings.RETRY_MULTIPLIER)
        .build();
  }

  static Bulkhead<Object> bulkhead() {
    return Bulkhead.builder(Settings.MAX_CONCURRENT).withMaxWaitTime(Duration.ZERO).build();
  }

  static RateLimiter<Object> rateLimiter() {
    return RateLimiter.burstyBuilder(Settings.BURST, Settings.RATE_PERIOD).withMaxWaitTime(Duration.ZERO).build();
  }
}
