package dev.resiliency.benchmarks.annotation;

import static dev.resiliency.benchmarks.annotation.AnnotatedServices.NAME;

import dev.resiliency.benchmarks.Settings;
import dev.resiliency.spring.config.ResiliencyAutoConfiguration;
import io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadAutoConfiguration;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot.ratelimiter.autoconfigure.RateLimiterAutoConfiguration;
import io.github.resilience4j.springboot.retry.autoconfigure.RetryAutoConfiguration;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.resilience.annotation.EnableResilientMethods;

/**
 * One application context per library, each holding the annotated beans of {@link AnnotatedServices} and only
 * that library's infrastructure, configured from {@code Settings} the way an application would configure it:
 * <ul>
 *   <li>ours: Spring Boot (no web) with our auto-configuration and Boot's AOP auto-configuration, options as
 *       {@code resiliency.*} properties;</li>
 *   <li>resilience4j: Spring Boot (no web) with resilience4j-spring-boot4's auto-configurations of the four
 *       primitives (their {@code @Aspect}s, hence Boot's AspectJ auto-proxying), options as
 *       {@code resilience4j.*} properties, every other default kept (among them the 100-event ring buffer
 *       each instance feeds for the actuator endpoints);</li>
 *   <li>Spring Framework 7: a plain {@code AnnotationConfigApplicationContext} with
 *       {@code @EnableResilientMethods}; its options live in the annotations themselves.</li>
 * </ul>
 * Metrics and actuator auto-configurations are left out for every library alike.
 */
final class AnnotatedContexts {

  private AnnotatedContexts() {}

  static ConfigurableApplicationContext ours() {
    Map<String, Object> p = new LinkedHashMap<>();
    String cb = "resiliency.circuit-breaker." + NAME + ".";
    p.put(cb + "sliding-window-type", "count");
    p.put(cb + "window-size", Settings.CB_WINDOW);
    p.put(cb + "minimum-calls", Settings.CB_MINIMUM_CALLS);
    p.put(cb + "failure-rate-threshold", Settings.CB_FAILURE_RATE);
    p.put(cb + "open-timeout", millis(Settings.CB_OPEN_TIMEOUT));
    p.put(cb + "permitted-calls-in-half-open", Settings.CB_HALF_OPEN_CALLS);
    String rl = "resiliency.rate-limiter." + NAME + ".";
    p.put(rl + "rate", Settings.RATE_PER_SECOND);
    p.put(rl + "burst-size", Settings.BURST);
    p.put(rl + "max-wait", "0ms");
    String bh = "resiliency.bulkhead." + NAME + ".";
    p.put(bh + "max-concurrent", Settings.MAX_CONCURRENT);
    p.put(bh + "max-wait", "0ms");
    String retry = "resiliency.retry." + NAME + ".";
    p.put(retry + "max-attempts", Settings.RETRY_MAX_ATTEMPTS);
    p.put(retry + "backoff", "exponential");
    p.put(retry + "base-delay", millis(Settings.RETRY_BASE_DELAY));
    p.put(retry + "multiplier", Settings.RETRY_MULTIPLIER);
    p.put(retry + "max-delay", millis(Settings.RETRY_MAX_DELAY));
    return boot(OursConfiguration.class, p);
  }

  static ConfigurableApplicationContext resilience4j() {
    Map<String, Object> p = new LinkedHashMap<>();
    String cb = "resilience4j.circuitbreaker.instances." + NAME + ".";
    p.put(cb + "sliding-window-type", "COUNT_BASED");
    p.put(cb + "sliding-window-size", Settings.CB_WINDOW);
    p.put(cb + "minimum-number-of-calls", Settings.CB_MINIMUM_CALLS);
    p.put(cb + "failure-rate-threshold", (float) (Settings.CB_FAILURE_RATE * 100));
    p.put(cb + "wait-duration-in-open-state", millis(Settings.CB_OPEN_TIMEOUT));
    p.put(cb + "permitted-number-of-calls-in-half-open-state", Settings.CB_HALF_OPEN_CALLS);
    String rl = "resilience4j.ratelimiter.instances." + NAME + ".";
    // resilience4j counts permits per refresh period: the burst per period gives the same rate.
    p.put(rl + "limit-for-period", Settings.BURST);
    p.put(rl + "limit-refresh-period", millis(Settings.RATE_PERIOD));
    p.put(rl + "timeout-duration", "0ms");
    String bh = "resilience4j.bulkhead.instances." + NAME + ".";
    p.put(bh + "max-concurrent-calls", Settings.MAX_CONCURRENT);
    p.put(bh + "max-wait-duration", "0ms");
    String retry = "resilience4j.retry.instances." + NAME + ".";
    p.put(retry + "max-attempts", Settings.RETRY_MAX_ATTEMPTS);
    p.put(retry + "wait-duration", millis(Settings.RETRY_BASE_DELAY));
    p.put(retry + "enable-exponential-backoff", true);
    p.put(retry + "exponential-backoff-multiplier", Settings.RETRY_MULTIPLIER);
    p.put(retry + "exponential-max-wait-duration", millis(Settings.RETRY_MAX_DELAY));
    // Our canonical order, outermost first (the lower the order, the further out the aspect).
    p.put("resilience4j.circuitbreaker.circuit-breaker-aspect-order", Ordered.LOWEST_PRECEDENCE - 4);
    p.put("resilience4j.ratelimiter.rate-limiter-aspect-order", Ordered.LOWEST_PRECEDENCE - 3);
    p.put("resilience4j.bulkhead.bulkhead-aspect-order", Ordered.LOWEST_PRECEDENCE - 2);
    p.put("resilience4j.retry.retry-aspect-order", Ordered.LOWEST_PRECEDENCE - 1);
    return boot(Resilience4jConfiguration.class, p);
  }

  static ConfigurableApplicationContext spring() {
    return new AnnotationConfigApplicationContext(SpringConfiguration.class);
  }

  private static ConfigurableApplicationContext boot(Class<?> configuration, Map<String, Object> properties) {
    Map<String, Object> all = new LinkedHashMap<>(properties);
    all.put("logging.level.root", "WARN");
    return new SpringApplicationBuilder(configuration)
        .web(WebApplicationType.NONE)
        .bannerMode(Banner.Mode.OFF)
        .logStartupInfo(false)
        .registerShutdownHook(false)
        .properties(all)
        .run();
  }

  private static String millis(Duration duration) {
    return duration.toMillis() + "ms";
  }

  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration({AopAutoConfiguration.class, ResiliencyAutoConfiguration.class})
  static class OursConfiguration {
    @Bean
    AnnotatedServices.Ours ours() {
      return new AnnotatedServices.Ours();
    }

    @Bean
    AnnotatedServices.OursRetryBulkhead oursRetryBulkhead() {
      return new AnnotatedServices.OursRetryBulkhead();
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration({AopAutoConfiguration.class, CircuitBreakerAutoConfiguration.class,
      RateLimiterAutoConfiguration.class, BulkheadAutoConfiguration.class, RetryAutoConfiguration.class})
  static class Resilience4jConfiguration {
    @Bean
    AnnotatedServices.Resilience4j resilience4j() {
      return new AnnotatedServices.Resilience4j();
    }
  }

  @Configuration(proxyBeanMethods = false)
  @EnableResilientMethods
  static class SpringConfiguration {
    @Bean
    AnnotatedServices.Spring spring() {
      return new AnnotatedServices.Spring();
    }
  }
}
