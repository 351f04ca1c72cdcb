package dev.resiliency.sample.telemetry;

import dev.resiliency.circuitbreaker.CircuitBreaker;
import dev.resiliency.hedged.Hedged;
import dev.resiliency.retry.BackoffRetry;
import dev.resiliency.spring.registry.InstanceCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The guide's telemetry hooks ({@code on_retry}, {@code on_hedge}, state changes) as log lines, added to every
 * instance through the registries' {@link InstanceCustomizer}s: what YAML cannot express. Metrics and the
 * {@code /actuator/resiliency} endpoint come from the starter without any of this.
 */
@Configuration(proxyBeanMethods = false)
public class ResilienceLogging {

    private static final Logger log = LoggerFactory.getLogger("dev.resiliency.sample.resilience");

    @Bean
    InstanceCustomizer<BackoffRetry.Builder> logRetries() {
        return (name, builder) -> builder.onRetry((attempt, delay, error, result) -> log.warn(
                "{} retry attempt={} delay={}ms error={}", name, attempt, delay.toMillis(), String.valueOf(error)));
    }

    @Bean
    InstanceCustomizer<Hedged.Builder> logHedges() {
        return (name, builder) -> builder.onHedge(attempt -> log.debug("{} hedge fired, copy {}", name, attempt));
    }

    @Bean
    InstanceCustomizer<CircuitBreaker.Builder> logTransitions() {
        return (name, builder) -> builder.onStateChange((breaker, from, to) -> log.warn(
                "Circuit breaker {}: {} -> {}", breaker, from, to));
    }
}
