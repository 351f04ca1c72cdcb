package dev.resiliency.redis.autoconfigure;

import dev.resiliency.spring.config.ConditionalOnResiliencyEnabled;
import java.util.Map;
import java.util.function.Function;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.resiliency.ratelimiter.RateLimiter;
import dev.resiliency.redis.RedisResiliency;
import dev.resiliency.singleflight.SingleFlight;
import dev.resiliency.spring.concurrent.ResiliencyExecutors;
import dev.resiliency.spring.config.BackendOptions;
import dev.resiliency.spring.config.ResiliencyAutoConfiguration;
import dev.resiliency.spring.config.ResiliencyProperties;
import dev.resiliency.spring.registry.InstanceCustomizer;
import dev.resiliency.spring.registry.RateLimiterRegistry;
import dev.resiliency.spring.registry.SingleFlightRegistry;

import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * {@code backend: redis} for rate limiters and single-flight groups, when the application has Spring Data Redis and a
 * {@link RedisConnectionFactory}: one {@link RedisResiliency} on that connection, handed to every instance whose
 * effective {@code backend} (its own, else {@code default}'s) is {@code redis}. Instances without it stay local.
 * Adds a {@code resiliencyRedis} health contributor (Actuator) and {@code resiliency.backend.*} meters (Micrometer).
 */
@AutoConfiguration(after = DataRedisAutoConfiguration.class, before = ResiliencyAutoConfiguration.class)
@ConditionalOnClass({ RedisConnectionFactory.class, ResiliencyAutoConfiguration.class })
@ConditionalOnBean(RedisConnectionFactory.class)
@ConditionalOnResiliencyEnabled
@EnableConfigurationProperties(ResiliencyRedisProperties.class)
public class ResiliencyRedisAutoConfiguration {

    /** The Redis value of {@code backend}. */
    public static final String REDIS = "redis";

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public RedisResiliency redisResiliency(RedisConnectionFactory connectionFactory,
            ResiliencyRedisProperties properties, ObjectProvider<ResiliencyExecutors> executors,
            ObjectProvider<RedisResiliencyBuilderCustomizer> customizers) {
        RedisResiliency.Builder builder = RedisResiliency.builder(connectionFactory)
                .keyPrefix(properties.getKeyPrefix())
                .leaseTime(properties.getLeaseTime())
                .waitTimeout(properties.getWaitTimeout())
                .probeInterval(properties.getProbeInterval());
        ResiliencyExecutors shared = executors.getIfAvailable();
        if (shared != null) {
            builder.executor(shared.executor());
        }
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    /** Gives up this application's leases on shutdown while Redis is still connected. */
    @Bean
    @ConditionalOnMissingBean
    RedisResiliencyLifecycle redisResiliencyLifecycle(RedisResiliency redis) {
        return new RedisResiliencyLifecycle(redis);
    }

    /** Gives rate limiters whose effective {@code backend} is {@code redis} the cluster-wide bucket. */
    @Bean
    public InstanceCustomizer<RateLimiter.Builder> resiliencyRedisRateLimiters(ResiliencyProperties properties,
            RedisResiliency redis) {
        return (name, builder) -> {
            if (REDIS.equals(effectiveBackend(properties.getRateLimiter(), name, p -> p.getBackend()))) {
                builder.backend(redis.rateLimiterBackend());
            }
        };
    }

    /** Gives single-flight groups whose effective {@code backend} is {@code redis} the cluster-wide flights. */
    @Bean
    public InstanceCustomizer<SingleFlight.Builder> resiliencyRedisSingleFlights(ResiliencyProperties properties,
            RedisResiliency redis) {
        return (name, builder) -> {
            if (REDIS.equals(effectiveBackend(properties.getSingleFlight(), name, p -> p.getBackend()))) {
                builder.backend(redis.flightBackend());
            }
        };
    }

    /** The instance's own value, else {@code default}'s, normalized; {@code local} when neither is set. */
    static <P> String effectiveBackend(Map<String, P> instances, String name, Function<P, String> backend) {
        P named = instances.get(name);
        String value = named != null ? backend.apply(named) : null;
        if (value == null) {
            P defaults = instances.get(ResiliencyProperties.DEFAULT_INSTANCE);
            value = defaults != null ? backend.apply(defaults) : null;
        }
        return BackendOptions.backend(value);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class HealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "resiliencyRedisHealthIndicator")
        RedisBackendHealthIndicator resiliencyRedisHealthIndicator(RedisResiliency redis,
                ObjectProvider<RateLimiterRegistry> rateLimiters, ObjectProvider<SingleFlightRegistry> singleFlights) {
            return new RedisBackendHealthIndicator(redis, rateLimiters, singleFlights);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    static class MetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        RedisBackendMeters resiliencyRedisMeters(RedisResiliency redis, ObjectProvider<RateLimiterRegistry> rateLimiters,
                ObjectProvider<SingleFlightRegistry> singleFlights) {
            return new RedisBackendMeters(redis, rateLimiters, singleFlights);
        }
    }
}
