package dev.resiliency.benchmarks.annotation;

import dev.resiliency.benchmarks.Work;
import org.springframework.resilience.annotation.ConcurrencyLimit;
import org.springframework.resilience.annotation.Retryable;

/**
 * The bean of the annotation benchmarks, once per library: the same class body ({@link Work#run()}, which
 * allocates nothing), annotated with each library's annotations naming the instance {@value #NAME}, whose
 * options {@link AnnotatedContexts} sets from {@code Settings}. Each library's context only knows its own
 * annotations, so each bean is proxied by exactly one library. Classes, not interfaces: every proxy is a CGLIB
 * subclass, as Spring Boot makes by default.
 */
public final class AnnotatedServices {

  /** The instance name every annotation refers to. */
  public static final String NAME = "bench";

  private AnnotatedServices() {}

  /** No annotation: called directly, it is the baseline; behind an empty proxy, the proxy's own cost. */
  public static class Plain {
    public Object call() {
      return Work.run();
    }
  }

  /** Our four annotations; the advisor applies them in the canonical order CB → RL → BH → Retry. */
  public static class Ours {
    @dev.resiliency.spring.annotation.CircuitBreaker(NAME)
    @dev.resiliency.spring.annotation.RateLimiter(NAME)
    @dev.resiliency.spring.annotation.Bulkhead(NAME)
    @dev.resiliency.spring.annotation.Retry(NAME)
    public Object call() {
      return Work.run();
    }
  }

  /** The subset Spring Framework 7 has: a concurrency limit and a retry. */
  public static class OursRetryBulkhead {
    @dev.resiliency.spring.annotation.Bulkhead(NAME)
    @dev.resiliency.spring.annotation.Retry(NAME)
    public Object call() {
      return Work.run();
    }
  }

  /**
   * resilience4j's four annotations; its aspect orders are set to our canonical order (its default puts Retry
   * outermost), which changes nothing on the happy path but keeps the two stacks equivalent.
   */
  public static class Resilience4j {
    @io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker(name = NAME)
    @io.github.resilience4j.ratelimiter.annotation.RateLimiter(name = NAME)
    @io.github.resilience4j.bulkhead.annotation.Bulkhead(name = NAME)
    @io.github.resilience4j.retry.annotation.Retry(name = NAME)
    public Object call() {
      return Work.run();
    }
  }

  /**
   * Spring Framework 7's annotations. Annotation attributes must be constants, so {@code Settings}' values are
   * written out here (a test checks they match): {@code maxRetries} counts retries, not attempts (3 attempts =
   * 2 retries); {@code REJECT} is our bulkhead's "no waiting".
   */
  public static class Spring {
    @ConcurrencyLimit(limit = 10, policy = ConcurrencyLimit.ThrottlePolicy.REJECT)
    @Retryable(maxRetries = 2, delay = 100, multiplier = 2.0, maxDelay = 5_000)
    public Object call() {
      return Work.run();
    }
  }
}
