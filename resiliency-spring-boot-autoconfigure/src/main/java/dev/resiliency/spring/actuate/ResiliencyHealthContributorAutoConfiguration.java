package dev.resiliency.spring.actuate;

import dev.resiliency.spring.config.ConditionalOnResiliencyEnabled;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import dev.resiliency.spring.config.ResiliencyAutoConfiguration;
import dev.resiliency.spring.registry.BulkheadRegistry;
import dev.resiliency.spring.registry.CircuitBreakerRegistry;
import dev.resiliency.spring.registry.WeightedSemaphoreRegistry;

/**
 * The {@code resiliency} health contributor, when Spring Boot's health module is on the class path; off with
 * {@code management.health.resiliency.enabled=false}.
 */
@AutoConfiguration(after = ResiliencyAutoConfiguration.class,
        beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnResiliencyEnabled
@ConditionalOnEnabledHealthIndicator("resiliency")
public class ResiliencyHealthContributorAutoConfiguration {

    /** Named so that its contributor name is {@code resiliency}. */
    @Bean
    @ConditionalOnMissingBean(name = "resiliencyHealthIndicator")
    public ResiliencyHealthIndicator resiliencyHealthIndicator(ObjectProvider<CircuitBreakerRegistry> circuitBreakers,
            ObjectProvider<BulkheadRegistry> bulkheads, ObjectProvider<WeightedSemaphoreRegistry> semaphores) {
        return new ResiliencyHealthIndicator(circuitBreakers.getIfAvailable(), bulkheads.getIfAvailable(),
                semaphores.getIfAvailable());
    }
}
