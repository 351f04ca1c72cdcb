package dev.resiliency.spring.actuate;

import dev.resiliency.spring.config.ConditionalOnResiliencyEnabled;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
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
 * The {@code resiliency} actuator endpoint (and its recent-events buffers), when the actuator is on the class path
 * and the endpoint is available (accessible and exposed, e.g.
 * {@code management.endpoints.web.exposure.include=health,resiliency}).
 */
@AutoConfiguration(after = ResiliencyAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnResiliencyEnabled
@ConditionalOnAvailableEndpoint(ResiliencyEndpoint.class)
@EnableConfigurationProperties(ResiliencyEventsProperties.class)
public class ResiliencyEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public ResiliencyKinds resiliencyKinds(ObjectProvider<CircuitBreakerRegistry> circuitBreakers,
            ObjectProvider<SingleFlightRegistry> singleFlights, ObjectProvider<RateLimiterRegistry> rateLimiters,
            ObjectProvider<BulkheadRegistry> bulkheads, ObjectProvider<WeightedSemaphoreRegistry> semaphores,
            ObjectProvider<RetryRegistry> retries, ObjectProvider<HedgedRegistry> hedges) {
        return new ResiliencyKinds(circuitBreakers.getIfAvailable(), singleFlights.getIfAvailable(),
                rateLimiters.getIfAvailable(), bulkheads.getIfAvailable(), semaphores.getIfAvailable(),
                retries.getIfAvailable(), hedges.getIfAvailable());
    }

    @Bean
    @ConditionalOnMissingBean
    public ResiliencyEventBuffers resiliencyEventBuffers(ResiliencyKinds kinds, ResiliencyEventsProperties properties) {
        return new ResiliencyEventBuffers(kinds, properties.getBufferSize());
    }

    @Bean
    @ConditionalOnMissingBean
    public ResiliencyEndpoint resiliencyEndpoint(ResiliencyKinds kinds, ResiliencyEventBuffers events) {
        return new ResiliencyEndpoint(kinds, events);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint(endpoint = ResiliencyEndpoint.class, exposure = EndpointExposure.WEB)
    public ResiliencyEndpointWebExtension resiliencyEndpointWebExtension(ResiliencyEndpoint endpoint) {
        return new ResiliencyEndpointWebExtension(endpoint);
    }
}
