package dev.resiliency.redis.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import dev.resiliency.BackendFailureMode;
import dev.resiliency.redis.RedisAvailability;
import dev.resiliency.redis.RedisResiliency;
import dev.resiliency.spring.registry.RateLimiterRegistry;
import dev.resiliency.spring.registry.SingleFlightRegistry;

/**
 * Health contributor {@code resiliencyRedis}: whether the Redis backend answers, and how each instance on it behaves
 * right now: {@code cluster} (Redis decides), {@code local-fallback} or {@code rejecting} (Redis unreachable, by the
 * instance's {@code on-backend-failure}), with its cumulative {@code backendFallbacks}.
 *
 * <p>Always UP: an unreachable Redis degrades these instances, it does not make the application unhealthy (an
 * orchestrator must not restart healthy pods over a shared dependency's outage); Spring Boot's own {@code redis}
 * contributor reports the connection itself. Never touches Redis: it reads what the backends already know.
 */
public class RedisBackendHealthIndicator implements HealthIndicator {

    private final RedisResiliency redis;
    private final ObjectProvider<RateLimiterRegistry> rateLimiters;
    private final ObjectProvider<SingleFlightRegistry> singleFlights;

    public RedisBackendHealthIndicator(RedisResiliency redis, ObjectProvider<RateLimiterRegistry> rateLimiters,
            ObjectProvider<SingleFlightRegistry> singleFlights) {
        this.redis = redis;
        this.rateLimiters = rateLimiters;
        this.singleFlights = singleFlights;
    }

    @Override
    public Health health() {
        RedisAvailability availability = redis.availability();
        boolean up = availability.isAvailable();
        Health.Builder health = Health.up().withDetail("redis", up ? "available" : "unreachable");
        if (!up) {
            health.withDetail("downSince", String.valueOf(availability.downSince()));
            health.withDetail("lastFailure", String.valueOf(availability.lastFailure()));
        }
        health.withDetail("outages", availability.outages());
        health.withDetail("leasesHeld", redis.flightBackend().leasesHeld());
        health.withDetail("waitingForOtherProcesses", redis.flightBackend().waiting());
        Map<String, Object> limiters = new LinkedHashMap<>();
        RateLimiterRegistry limiterRegistry = rateLimiters.getIfAvailable();
        if (limiterRegistry != null) {
            limiterRegistry.instances().stream().filter(limiter -> limiter.sharedBucket().isPresent())
                    .forEach(limiter -> limiters.put(limiter.name(),
                            instance(up, limiter.onBackendFailure(), limiter.backendFallbacks())));
        }
        Map<String, Object> flights = new LinkedHashMap<>();
        SingleFlightRegistry flightRegistry = singleFlights.getIfAvailable();
        if (flightRegistry != null) {
            flightRegistry.instances().stream().filter(flight -> flight.hasBackend())
                    .forEach(flight -> flights.put(flight.name(),
                            instance(up, flight.onBackendFailure(), flight.backendFallbacks())));
        }
        return health.withDetail("rateLimiters", limiters).withDetail("singleFlights", flights).build();
    }

    private static Map<String, Object> instance(boolean redisUp, BackendFailureMode onFailure, long fallbacks) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("mode", mode(redisUp, onFailure));
        details.put("onBackendFailure", onFailure.name().toLowerCase(java.util.Locale.ROOT));
        details.put("backendFallbacks", fallbacks);
        return details;
    }

    /** {@code cluster}, {@code local-fallback} or {@code rejecting}. */
    static String mode(boolean redisUp, BackendFailureMode onFailure) {
        if (redisUp) {
            return "cluster";
        }
        return onFailure == BackendFailureMode.LOCAL ? "local-fallback" : "rejecting";
    }
}
