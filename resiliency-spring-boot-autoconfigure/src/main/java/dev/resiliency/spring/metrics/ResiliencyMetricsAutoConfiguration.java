package dev.resiliency.spring.metrics;

import dev.resiliency.spring.config.ConditionalOnResiliencyEnabled;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.resiliency.spring.config.ResiliencyAutoConfiguration;
import dev.resiliency.spring.registry.BulkheadRegistry;
import dev.resiliency.spring.registry.CircuitBreakerRegistry;
import dev.resiliency.spring.registry.HedgedRegistry;
import dev.resiliency.spring.registry.RateLimiterRegistry;
import dev.resiliency.spring.registry.RetryRegistry;
import dev.resiliency.spring.registry.SingleFlightRegistry;
import dev.resiliency.spring.registry.WeightedSemaphoreRegistry;

/**
 * Micrometer meters for every resiliency instance, when Micrometer is on the class path and the application has a
 * {@link MeterRegistry} (Spring Boot's actuator brings both).
 */
@AutoConfiguration(after = ResiliencyAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnResiliencyEnabled
@ConditionalOnBean(MeterRegistry.class)
public class ResiliencyMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public ResiliencyMeterBinder resiliencyMeterBinder(ObjectProvider<CircuitBreakerRegistry> circuitBreakers,
            ObjectProvider<RetryRegistry> retries, ObjectProvider<HedgedRegistry> hedges,
            ObjectProvider<SingleFlightRegistry> singleFlights, ObjectProvider<RateLimiterRegistry> rateLimiters,
            ObjectProvider<BulkheadRegistry> bulkheads, ObjectProvider<WeightedSemaphoreRegistry> semaphores) {
        return new ResiliencyMeterBinder(circuitBreakers.getIfAvailable(), retries.getIfAvailable(),
                hedges.getIfAvailable(), singleFlights.getIfAvailable(), rateLimiters.getIfAvailable(),
                bulkheads.getIfAvailable(), semaphores.getIfAvailable());
    }
}
