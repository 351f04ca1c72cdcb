package dev.resiliency.spring.actuate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.resiliency.bulkhead.Bulkhead;
import dev.resiliency.circuitbreaker.CircuitBreaker;
import dev.resiliency.hedged.Hedged;
import dev.resiliency.ratelimiter.RateLimiter;
import dev.resiliency.retry.BackoffRetry;
import dev.resiliency.semaphore.WeightedSemaphore;
import dev.resiliency.singleflight.SingleFlight;
import dev.resiliency.spring.registry.BulkheadRegistry;
import dev.resiliency.spring.registry.CircuitBreakerRegistry;
import dev.resiliency.spring.registry.HedgedRegistry;
import dev.resiliency.spring.registry.RateLimiterRegistry;
import dev.resiliency.spring.registry.RetryRegistry;
import dev.resiliency.spring.registry.SingleFlightRegistry;
import dev.resiliency.spring.registry.WeightedSemaphoreRegistry;

/**
 * Every kind of instance of the application, by YAML key, in the canonical order. Shared by the actuator
 * endpoint and the recent-events buffers. A kind whose registry is absent (null) is left out.
 */
public final class ResiliencyKinds {

    private final Map<String, ResiliencyKind<?>> kinds;

    public ResiliencyKinds(CircuitBreakerRegistry circuitBreakers, SingleFlightRegistry singleFlights,
            RateLimiterRegistry rateLimiters, BulkheadRegistry bulkheads, WeightedSemaphoreRegistry semaphores,
            RetryRegistry retries, HedgedRegistry hedges) {
        List<ResiliencyKind<?>> all = new ArrayList<>();
        if (circuitBreakers != null) {
            all.add(new ResiliencyKind<>(circuitBreakers, CircuitBreaker::name, CircuitBreaker::stats,
                    CircuitBreaker::events));
        }
        if (singleFlights != null) {
            all.add(new ResiliencyKind<>(singleFlights, SingleFlight::name, SingleFlight::stats, SingleFlight::events));
        }
        if (rateLimiters != null) {
            all.add(new ResiliencyKind<>(rateLimiters, RateLimiter::name, RateLimiter::stats, RateLimiter::events));
        }
        if (bulkheads != null) {
            all.add(new ResiliencyKind<>(bulkheads, Bulkhead::name, Bulkhead::stats, Bulkhead::events));
        }
        if (semaphores != null) {
            all.add(new ResiliencyKind<>(semaphores, WeightedSemaphore::name, WeightedSemaphore::stats,
                    WeightedSemaphore::events));
        }
        if (retries != null) {
            all.add(new ResiliencyKind<>(retries, BackoffRetry::name, BackoffRetry::stats, BackoffRetry::events));
        }
        if (hedges != null) {
            all.add(new ResiliencyKind<>(hedges, Hedged::name, Hedged::stats, Hedged::events));
        }
        Map<String, ResiliencyKind<?>> byKey = new LinkedHashMap<>();
        all.forEach(kind -> byKey.put(kind.key(), kind));
        this.kinds = Collections.unmodifiableMap(byKey);
    }

    /** Every kind, in the canonical order. */
    public Iterable<ResiliencyKind<?>> all() {
        return this.kinds.values();
    }

    /** The kind with that YAML key ({@code circuit-breaker}, {@code weighted-semaphore}...). */
    public Optional<ResiliencyKind<?>> find(String key) {
        return Optional.ofNullable(this.kinds.get(key));
    }
}
