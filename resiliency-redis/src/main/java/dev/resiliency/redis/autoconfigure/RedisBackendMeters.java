package dev.resiliency.redis.autoconfigure;

import java.util.function.ToDoubleFunction;

import org.springframework.beans.factory.ObjectProvider;

import dev.resiliency.redis.RedisAvailability;
import dev.resiliency.redis.RedisResiliency;
import dev.resiliency.spring.registry.RateLimiterRegistry;
import dev.resiliency.spring.registry.SingleFlightRegistry;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Meters of the Redis backend, tag {@code backend=redis} on all:
 * <ul>
 *   <li>{@code resiliency.backend.available}: 1 while Redis answers, 0 while the instances fall back;</li>
 *   <li>{@code resiliency.backend.outages}: how many times Redis became unreachable;</li>
 *   <li>{@code resiliency.backend.fallbacks} (tags {@code kind} = {@code rate-limiter}|{@code single-flight},
 *       {@code name}): calls decided without Redis, per instance with {@code backend: redis}.</li>
 * </ul>
 * Reading them never touches Redis.
 */
public class RedisBackendMeters implements MeterBinder {

    private static final String BACKEND = "redis";

    private final RedisResiliency redis;
    private final ObjectProvider<RateLimiterRegistry> rateLimiters;
    private final ObjectProvider<SingleFlightRegistry> singleFlights;

    public RedisBackendMeters(RedisResiliency redis, ObjectProvider<RateLimiterRegistry> rateLimiters,
            ObjectProvider<SingleFlightRegistry> singleFlights) {
        this.redis = redis;
        this.rateLimiters = rateLimiters;
        this.singleFlights = singleFlights;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        RedisAvailability availability = redis.availability();
        Gauge.builder("resiliency.backend.available", availability, a -> a.isAvailable() ? 1.0 : 0.0)
                .tag("backend", BACKEND)
                .description("1 while the shared-state backend answers, 0 while instances fall back")
                .register(registry);
        FunctionCounter.builder("resiliency.backend.outages", availability, a -> (double) a.outages())
                .tag("backend", BACKEND)
                .description("Times the shared-state backend became unreachable")
                .register(registry);
        rateLimiters.ifAvailable(limiters -> limiters.onCreated(limiter -> {
            if (limiter.sharedBucket().isPresent()) {
                fallbacks(registry, "rate-limiter", limiter.name(), limiter, l -> (double) l.backendFallbacks());
            }
        }));
        singleFlights.ifAvailable(flights -> flights.onCreated(flight -> {
            if (flight.hasBackend()) {
                fallbacks(registry, "single-flight", flight.name(), flight, f -> (double) f.backendFallbacks());
            }
        }));
    }

    private static <T> void fallbacks(MeterRegistry registry, String kind, String name, T instance,
            ToDoubleFunction<T> count) {
        FunctionCounter.builder("resiliency.backend.fallbacks", instance, count)
                .tags("backend", BACKEND, "kind", kind, "name", name)
                .description("Calls decided without the shared-state backend because it was unreachable")
                .register(registry);
    }
}
