package dev.resiliency.spring.metrics;

import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.resiliency.spring.registry.BulkheadRegistry;
import dev.resiliency.spring.registry.CircuitBreakerRegistry;
import dev.resiliency.spring.registry.HedgedRegistry;
import dev.resiliency.spring.registry.InstanceRegistry;
import dev.resiliency.spring.registry.RateLimiterRegistry;
import dev.resiliency.spring.registry.RetryRegistry;
import dev.resiliency.spring.registry.SingleFlightRegistry;
import dev.resiliency.spring.registry.WeightedSemaphoreRegistry;

/**
 * Binds the {@link ResiliencyMeters meters} of every instance of every registry: those that exist when the meter
 * registry is bound and those created later (an annotation naming a new instance, a programmatic
 * {@code registry.instance(name)}), through each registry's {@code onCreated} listener.
 *
 * <p>Spring Boot binds every {@link MeterBinder} bean to the application's meter registry. A null registry (a kind
 * the application replaced or removed) is skipped.
 */
public class ResiliencyMeterBinder implements MeterBinder {

    private final CircuitBreakerRegistry circuitBreakers;
    private final RetryRegistry retries;
    private final HedgedRegistry hedges;
    private final SingleFlightRegistry singleFlights;
    private final RateLimiterRegistry rateLimiters;
    private final BulkheadRegistry bulkheads;
    private final WeightedSemaphoreRegistry semaphores;

    public ResiliencyMeterBinder(CircuitBreakerRegistry circuitBreakers, RetryRegistry retries, HedgedRegistry hedges,
            SingleFlightRegistry singleFlights, RateLimiterRegistry rateLimiters, BulkheadRegistry bulkheads,
            WeightedSemaphoreRegistry semaphores) {
        this.circuitBreakers = circuitBreakers;
        this.retries = retries;
        this.hedges = hedges;
        this.singleFlights = singleFlights;
        this.rateLimiters = rateLimiters;
        this.bulkheads = bulkheads;
        this.semaphores = semaphores;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        bind(this.circuitBreakers, breaker -> ResiliencyMeters.bind(registry, breaker));
        bind(this.retries, retry -> ResiliencyMeters.bind(registry, retry));
        bind(this.hedges, hedged -> ResiliencyMeters.bind(registry, hedged));
        bind(this.singleFlights, flight -> ResiliencyMeters.bind(registry, flight));
        bind(this.rateLimiters, limiter -> ResiliencyMeters.bind(registry, limiter));
        bind(this.bulkheads, bulkhead -> ResiliencyMeters.bind(registry, bulkhead));
        bind(this.semaphores, semaphore -> ResiliencyMeters.bind(registry, semaphore));
    }

    private static <X> void bind(InstanceRegistry<X, ?> instances, Consumer<X> binder) {
        if (instances != null) {
            instances.onCreated(binder);
        }
    }
}
