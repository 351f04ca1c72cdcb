package dev.resiliency.benchmarks.annotation;

import static dev.resiliency.benchmarks.annotation.AnnotatedServices.NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resiliency.CircuitOpenException;
import dev.resiliency.benchmarks.Work;
import dev.resiliency.spring.registry.CircuitBreakerRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The contexts the annotation benchmarks measure: each bean is proxied by its library, with Settings'
 * configuration, and the annotations really act (an open circuit rejects through the proxy).
 */
class AnnotatedContextsTest {

  @Test
  void oursAppliesItsFourAnnotationsWithTheBenchmarkSettings() {
    try (ConfigurableApplicationContext context = AnnotatedContexts.ours()) {
      AnnotatedServices.Ours bean = context.getBean(AnnotatedServices.Ours.class);
      WiringCheck.ours(context, bean);
      WiringCheck.oursRetryBulkhead(context, context.getBean(AnnotatedServices.OursRetryBulkhead.class));

      context.getBean(CircuitBreakerRegistry.class).instance(NAME).forceOpen();
      assertThatThrownBy(bean::call).isInstanceOf(CircuitOpenException.class);
    }
  }

  @Test
  void resilience4jAppliesItsFourAspectsWithTheBenchmarkSettings() {
    try (ConfigurableApplicationContext context = AnnotatedContexts.resilience4j()) {
      AnnotatedServices.Resilience4j bean = context.getBean(AnnotatedServices.Resilience4j.class);
      AtomicInteger bulkheadPermits = new AtomicInteger();
      AtomicInteger rateLimiterPermits = new AtomicInteger();
      context.getBean(io.github.resilience4j.bulkhead.BulkheadRegistry.class).bulkhead(NAME)
          .getEventPublisher().onCallPermitted(event -> bulkheadPermits.incrementAndGet());
      context.getBean(io.github.resilience4j.ratelimiter.RateLimiterRegistry.class).rateLimiter(NAME)
          .getEventPublisher().onSuccess(event -> rateLimiterPermits.incrementAndGet());

      WiringCheck.resilience4j(context, bean);

      assertThat(bulkheadPermits).hasValue(1);
      assertThat(rateLimiterPermits).hasValue(1);
      context.getBean(io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry.class).circuitBreaker(NAME)
          .transitionToForcedOpenState();
      assertThatThrownBy(bean::call).isInstanceOf(CallNotPermittedException.class);
    }
  }

  @Test
  void springAppliesRetryableAndConcurrencyLimitWithTheBenchmarkSettings() throws Exception {
    try (ConfigurableApplicationContext context = AnnotatedContexts.spring()) {
      AnnotatedServices.Spring bean = context.getBean(AnnotatedServices.Spring.class);
      WiringCheck.spring(bean);
      assertThat(bean.call()).isSameAs(Work.RESULT);
    }
  }

  @Test
  void aBeanThatIsNotProxiedFailsTheCheck() {
    assertThatThrownBy(() -> WiringCheck.spring(new AnnotatedServices.Spring()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is not a proxy");
  }
}
