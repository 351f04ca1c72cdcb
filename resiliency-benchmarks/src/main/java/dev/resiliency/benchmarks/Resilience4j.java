package dev.resiliency.benchmarks;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;

/**
 * resilience4j 2.4.0 with the configuration of {@link Settings}. It has no "no slow-call threshold": its
 * default (60 s, rate 100 %) is kept, which never trips here. Its semaphore bulkhead keeps the default fair
 * call handling (ours is strictly FIFO too).
 */
final class Resilience4j {

  private Resilience4j() {}

  static CircuitBreaker circuitBreaker() {
    return CircuitBreaker.of("bench", CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(Settings.CB_WINDOW)
        .minimumNumberOfCalls(Settings.CB_MINIMUM_CALLS)
        .failureRateThreshold((float) (Settings.CB_FAILURE_RATE * 100))
        .waitDurationInOpenState(Settings.CB_OPEN_TIMEOUT)
        .permittedNumberOfCallsInHalfOpenState(Settings.CB_HALF_OPEN_CALLS)
        .build());
  }

  static Retry retry() {
    return Retry.of("bench", RetryConfig.custom()
        .maxAttempts(Settings.RETRY_MAX_ATTEMPTS)
        .intervalFunction(IntervalFunction.ofExponentialBackoff(
            Settings.RETRY_BASE_DELAY, Settings.RETRY_MULTIPLIER, Settings.RETRY_MAX_DELAY))
        .build());
  }

  static Bulkhead bulkhead() {
    return Bulkhead.of("bench", BulkheadConfig.custom()
        .maxConcurrentCalls(Settings.MAX_CONCURRENT)
        .maxWaitDuration(Duration.ZERO)
        .build());
  }

  static RateLimiter rateLimiter() {
    return RateLimiter.of("bench", RateLimiterConfig.custom()
        .limitForPeriod(Settings.BURST)
        .limitRefreshPeriod(Settings.RATE_PERIOD)
        .timeoutDuration(Duration.ZERO)
        .build());
  }
}
