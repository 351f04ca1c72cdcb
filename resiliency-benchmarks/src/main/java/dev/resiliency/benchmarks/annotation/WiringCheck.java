package dev.resiliency.benchmarks.annotation;

import static dev.resiliency.benchmarks.annotation.AnnotatedServices.NAME;

import dev.resiliency.benchmarks.Settings;
import dev.resiliency.benchmarks.Work;
import dev.resiliency.spring.registry.BulkheadRegistry;
import dev.resiliency.spring.registry.CircuitBreakerRegistry;
import dev.resiliency.spring.registry.RateLimiterRegistry;
import dev.resiliency.spring.registry.RetryRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.aop.Advisor;
import org.springframework.aop.aspectj.AbstractAspectJAdvice;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.AopUtils;
import org.springframework.context.ApplicationContext;

/**
 * Proves, before a benchmark measures anything, that its bean really is proxied by its library with the
 * configuration of {@code Settings}: one call through the proxy must reach every layer. A benchmark of a bean
 * that some packaging accident left unproxied would otherwise report a flattering figure. Every check throws
 * {@link IllegalStateException}, which fails the JMH trial.
 */
final class WiringCheck {

  private WiringCheck() {}

  /** Our bean, after exactly one call: each of its four instances saw that call, configured as in Settings. */
  static void ours(ApplicationContext context, AnnotatedServices.Ours bean) {
    CircuitBreakerRegistry circuitBreakers = context.getBean(CircuitBreakerRegistry.class);
    RateLimiterRegistry rateLimiters = context.getBean(RateLimiterRegistry.class);
    BulkheadRegistry bulkheads = context.getBean(BulkheadRegistry.class);
    RetryRegistry retries = context.getBean(RetryRegistry.class);
    long calls = circuitBreakers.instance(NAME).stats().successfulCalls();
    call(bean.call());
    var circuitBreaker = circuitBreakers.instance(NAME);
    var rateLimiter = rateLimiters.instance(NAME);
    var bulkhead = bulkheads.instance(NAME);
    var retry = retries.instance(NAME);
    check(circuitBreaker.stats().successfulCalls() == calls + 1, "ours: the circuit breaker did not see the call");
    check(rateLimiter.stats().permitted() >= 1, "ours: the rate limiter did not see the call");
    check(bulkhead.stats().permitted() >= 1, "ours: the bulkhead did not see the call");
    check(retry.stats().successWithoutRetry() >= 1, "ours: the retry did not see the call");
    var config = circuitBreaker.config();
    check(config.windowSize() == Settings.CB_WINDOW && config.minimumCalls() == Settings.CB_MINIMUM_CALLS
        && config.failureRateThreshold() == Settings.CB_FAILURE_RATE
        && config.openTimeout().equals(Settings.CB_OPEN_TIMEOUT)
        && config.permittedCallsInHalfOpen() == Settings.CB_HALF_OPEN_CALLS, "ours: circuit breaker " + config);
    check(rateLimiter.rate() == Settings.RATE_PER_SECOND && rateLimiter.burstSize() == Settings.BURST
        && rateLimiter.maxWait().isZero(), "ours: rate limiter " + rateLimiter);
    check(bulkhead.maxConcurrent() == Settings.MAX_CONCURRENT && bulkhead.maxWait().isZero(),
        "ours: bulkhead " + bulkhead);
    check(retry.maxAttempts() == Settings.RETRY_MAX_ATTEMPTS
        && retry.backoff().delayNanos(1) == Settings.RETRY_BASE_DELAY.toNanos()
        && retry.backoff().delayNanos(2) == (long) (Settings.RETRY_BASE_DELAY.toNanos() * Settings.RETRY_MULTIPLIER)
        && retry.backoff().delayNanos(10) == Settings.RETRY_MAX_DELAY.toNanos(), "ours: retry " + retry);
  }

  /** Our retry + bulkhead bean, after exactly one call. */
  static void oursRetryBulkhead(ApplicationContext context, AnnotatedServices.OursRetryBulkhead bean) {
    var bulkhead = context.getBean(BulkheadRegistry.class).instance(NAME);
    var retry = context.getBean(RetryRegistry.class).instance(NAME);
    long permitted = bulkhead.stats().permitted();
    long successes = retry.stats().successWithoutRetry();
    call(bean.call());
    check(bulkhead.stats().permitted() == permitted + 1, "ours (retry + bulkhead): the bulkhead did not see the call");
    check(retry.stats().successWithoutRetry() == successes + 1,
        "ours (retry + bulkhead): the retry did not see the call");
  }

  /**
   * resilience4j's bean, after one call: its circuit breaker and retry counted the call; its rate limiter and
   * bulkhead (which count nothing one could read without adding a listener to every later call) are checked
   * as aspects of the proxy; all four configured as in Settings.
   */
  static void resilience4j(ApplicationContext context, AnnotatedServices.Resilience4j bean) {
    var circuitBreaker = context.getBean(io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry.class)
        .circuitBreaker(NAME);
    var retry = context.getBean(io.github.resilience4j.retry.RetryRegistry.class).retry(NAME);
    var rateLimiter = context.getBean(io.github.resilience4j.ratelimiter.RateLimiterRegistry.class).rateLimiter(NAME);
    var bulkhead = context.getBean(io.github.resilience4j.bulkhead.BulkheadRegistry.class).bulkhead(NAME);
    int calls = circuitBreaker.getMetrics().getNumberOfSuccessfulCalls();
    long successes = retry.getMetrics().getNumberOfSuccessfulCallsWithoutRetryAttempt();
    call(bean.call());
    check(circuitBreaker.getMetrics().getNumberOfSuccessfulCalls() == calls + 1,
        "resilience4j: the circuit breaker did not see the call");
    check(retry.getMetrics().getNumberOfSuccessfulCallsWithoutRetryAttempt() == successes + 1,
        "resilience4j: the retry did not see the call");
    List<String> aspects = new ArrayList<>();
    for (Advisor advisor : advisors(bean)) {
      if (advisor.getAdvice() instanceof AbstractAspectJAdvice advice) {
        aspects.add(advice.getAspectName());
      }
    }
    check(aspects.equals(List.of("circuitBreakerAspect", "rateLimiterAspect", "bulkheadAspect", "retryAspect")),
        "resilience4j: expected its four aspects in our canonical order, got " + aspects);
    var cb = circuitBreaker.getCircuitBreakerConfig();
    check(cb.getSlidingWindowSize() == Settings.CB_WINDOW && cb.getMinimumNumberOfCalls() == Settings.CB_MINIMUM_CALLS
        && cb.getFailureRateThreshold() == (float) (Settings.CB_FAILURE_RATE * 100)
        && cb.getPermittedNumberOfCallsInHalfOpenState() == Settings.CB_HALF_OPEN_CALLS,
        "resilience4j: circuit breaker " + cb);
    var rl = rateLimiter.getRateLimiterConfig();
    check(rl.getLimitForPeriod() == Settings.BURST && rl.getLimitRefreshPeriod().equals(Settings.RATE_PERIOD)
        && rl.getTimeoutDuration().isZero(), "resilience4j: rate limiter " + rl);
    var bh = bulkhead.getBulkheadConfig();
    check(bh.getMaxConcurrentCalls() == Settings.MAX_CONCURRENT && bh.getMaxWaitDuration().isZero(),
        "resilience4j: bulkhead " + bh);
    var rc = retry.getRetryConfig();
    check(rc.getMaxAttempts() == Settings.RETRY_MAX_ATTEMPTS
        && rc.getIntervalBiFunction().apply(1, null) == Settings.RETRY_BASE_DELAY.toMillis()
        && rc.getIntervalBiFunction().apply(2, null)
            == (long) (Settings.RETRY_BASE_DELAY.toMillis() * Settings.RETRY_MULTIPLIER)
        && rc.getIntervalBiFunction().apply(10, null) == Settings.RETRY_MAX_DELAY.toMillis(),
        "resilience4j: retry " + rc);
  }

  /**
   * Spring's bean: proxied by its retry and concurrency-limit interceptors (they count nothing one could
   * read), with the annotation attributes matching Settings.
   */
  static void spring(AnnotatedServices.Spring bean) throws NoSuchMethodException {
    call(bean.call());
    List<String> advice = new ArrayList<>();
    for (Advisor advisor : advisors(bean)) {
      advice.add(advisor.getAdvice().getClass().getSimpleName());
    }
    check(advice.stream().anyMatch(name -> name.contains("Retry"))
        && advice.stream().anyMatch(name -> name.contains("Concurrency")),
        "spring: expected its retry and concurrency-limit interceptors, got " + advice);
    var method = AnnotatedServices.Spring.class.getMethod("call");
    var retryable = method.getAnnotation(org.springframework.resilience.annotation.Retryable.class);
    var limit = method.getAnnotation(org.springframework.resilience.annotation.ConcurrencyLimit.class);
    check(retryable.maxRetries() + 1 == Settings.RETRY_MAX_ATTEMPTS
        && retryable.timeUnit() == TimeUnit.MILLISECONDS
        && retryable.delay() == Settings.RETRY_BASE_DELAY.toMillis()
        && retryable.multiplier() == Settings.RETRY_MULTIPLIER
        && retryable.maxDelay() == Settings.RETRY_MAX_DELAY.toMillis()
        && retryable.jitter() == 0, "spring: @Retryable " + retryable);
    check(limit.limit() == Settings.MAX_CONCURRENT, "spring: @ConcurrencyLimit " + limit);
  }

  /** The proxy's advisors, outermost first; none (and a failed check) for a bean that is not a proxy. */
  static Advisor[] advisors(Object bean) {
    check(AopUtils.isAopProxy(bean) && bean instanceof Advised, bean.getClass().getName() + " is not a proxy");
    return ((Advised) bean).getAdvisors();
  }

  private static void call(Object result) {
    check(result == Work.RESULT, "the call through the proxy returned " + result);
  }

  private static void check(boolean condition, String message) {
    if (!condition) {
      throw new IllegalStateException("Annotation benchmark wiring: " + message);
    }
  }
}
