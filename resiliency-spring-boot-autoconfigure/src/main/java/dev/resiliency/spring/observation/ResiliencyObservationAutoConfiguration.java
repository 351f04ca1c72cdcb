package dev.resiliency.spring.observation;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

import dev.resiliency.retry.BackoffRetry;
import dev.resiliency.spring.aop.ResiliencyObserver;
import dev.resiliency.spring.concurrent.ResiliencyExecutors;
import dev.resiliency.spring.config.ResiliencyAutoConfiguration;
import dev.resiliency.spring.config.ResiliencyProperties;
import dev.resiliency.spring.registry.InstanceCustomizer;

/**
 * Micrometer observations (hence traces, with a tracer) around every annotated call, when the application has an
 * {@link ObservationRegistry} (Spring Boot's actuator brings one).
 */
@AutoConfiguration(after = ResiliencyAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnProperty(prefix = ResiliencyProperties.PREFIX, name = "enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnBean(ObservationRegistry.class)
public class ResiliencyObservationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public ResiliencyObserver resiliencyObserver(ObservationRegistry registry,
            ObjectProvider<ResiliencyObservationConvention> convention) {
        return new ObservationResiliencyObserver(registry, convention.getIfAvailable());
    }

    /**
     * Starts asynchronous retry attempts on the starter's context-propagating executor, so that a retry attempt
     * continues the caller's trace (and its observation sees the attempt) whatever thread ended the previous one.
     */
    @Bean
    @ConditionalOnMissingBean(name = "resiliencyRetryExecutorCustomizer")
    public InstanceCustomizer<BackoffRetry.Builder> resiliencyRetryExecutorCustomizer(ResiliencyExecutors executors) {
        return (name, builder) -> builder.executor(executors.executor());
    }
}
