package dev.resiliency.spring.observation;

import dev.resiliency.spring.config.ConditionalOnResiliencyEnabled;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.resiliency.spring.aop.ResiliencyObserver;
import dev.resiliency.spring.config.ResiliencyAutoConfiguration;

/**
 * Micrometer observations (hence traces, with a tracer) around every annotated call, when the application has an
 * {@link ObservationRegistry} (Spring Boot's actuator brings one).
 */
@AutoConfiguration(after = ResiliencyAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnResiliencyEnabled
@ConditionalOnBean(ObservationRegistry.class)
public class ResiliencyObservationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public ResiliencyObserver resiliencyObserver(ObservationRegistry registry,
            ObjectProvider<ResiliencyObservationConvention> convention) {
        return new ObservationResiliencyObserver(registry, convention.getIfAvailable());
    }
}
