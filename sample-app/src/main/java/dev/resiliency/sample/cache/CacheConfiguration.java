package dev.resiliency.sample.cache;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.resiliency.sample.inventory.Inventory;
import dev.resiliency.sample.user.UserProfile;
import dev.resiliency.spring.aop.ResiliencyAdvisor;
import io.lettuce.core.ClientOptions;
import java.time.Duration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CachingConfigurer;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.cache.interceptor.CacheErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.cache.RedisCacheWriter;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.serializer.JacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializationContext.SerializationPair;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * The cache of user profiles and inventory figures, through Spring's cache abstraction: embedded (Caffeine) by
 * default, Redis as soon as any {@code spring.data.redis.*} property is set.
 *
 * <p>Order: the caching advisor runs <em>outside</em> the resiliency advisor, so a cache hit returns before any
 * resilience layer (no circuit-breaker permit, no single-flight), exactly as the guide checks its cache before the
 * stack. On a miss, concurrent callers meet in the single flight and the leader's one downstream call serves them.
 *
 * <p>Failures of the cache itself never fail a request ({@link LoggingCacheErrorHandler}). With Redis, commands
 * are rejected at once while the connection is down instead of queueing until the command timeout, so a Redis
 * outage costs requests nothing but the trip to the downstream.
 */
@Configuration(proxyBeanMethods = false)
@EnableCaching(order = ResiliencyAdvisor.DEFAULT_ORDER - 1)
@EnableConfigurationProperties(CacheProperties.class)
public class CacheConfiguration implements CachingConfigurer {

    private final LoggingCacheErrorHandler errorHandler = new LoggingCacheErrorHandler();

    @Bean
    LoggingCacheErrorHandler loggingCacheErrorHandler() {
        return this.errorHandler;
    }

    @Override
    public CacheErrorHandler errorHandler() {
        return this.errorHandler;
    }

    /** Embedded: one Caffeine cache per name, each with its own time to live. */
    @Configuration(proxyBeanMethods = false)
    @Conditional(EmbeddedCacheCondition.class)
    static class EmbeddedCache {

        @Bean
        CacheManager cacheManager(CacheProperties properties) {
            CaffeineCacheManager manager = new CaffeineCacheManager();
            manager.setAllowNullValues(false);
            manager.registerCustomCache(CacheNames.USERS, caffeine(properties.usersTtl(), properties.maximumSize()));
            manager.registerCustomCache(CacheNames.INVENTORY,
                    caffeine(properties.inventoryTtl(), properties.maximumSize()));
            return manager;
        }

        private static com.github.benmanes.caffeine.cache.Cache<Object, Object> caffeine(Duration ttl, long size) {
            return Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(size).recordStats().build();
        }
    }

    /**
     * Redis: JSON values, one time to live per cache, fail fast while disconnected, and writes that have reached
     * Redis when the cached method returns. Spring Data Redis 4 writes asynchronously by default; then the callers
     * a single flight has just served, or the next request on another pod, could miss an entry still on its way.
     */
    @Configuration(proxyBeanMethods = false)
    @Conditional(RedisConfiguredCondition.class)
    static class RedisCache {

        @Bean
        CacheManager cacheManager(RedisConnectionFactory connectionFactory, CacheProperties properties) {
            RedisCacheConfiguration defaults = RedisCacheConfiguration.defaultCacheConfig()
                .disableCachingNullValues()
                .prefixCacheNameWith("resiliency-sample:");
            RedisCacheWriter writer = RedisCacheWriter.create(connectionFactory, writes -> writes.immediateWrites());
            return RedisCacheManager.builder(writer)
                .cacheDefaults(defaults)
                .withCacheConfiguration(CacheNames.USERS, defaults.entryTtl(properties.usersTtl())
                    .serializeValuesWith(json(UserProfile.class)))
                .withCacheConfiguration(CacheNames.INVENTORY, defaults.entryTtl(properties.inventoryTtl())
                    .serializeValuesWith(json(Inventory.class)))
                .build();
        }

        /**
         * While Redis is unreachable, reject commands at once (the cache error handler then goes on without the
         * cache) rather than queue them until the command timeout, which every request would wait for.
         */
        @Bean
        LettuceClientOptionsBuilderCustomizer failFastWhileDisconnected() {
            return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
        }

        private static <T> SerializationPair<T> json(Class<T> type) {
            RedisSerializer<T> serializer = new JacksonJsonRedisSerializer<>(type);
            return SerializationPair.fromSerializer(serializer);
        }
    }

    /** Embedded unless Redis is configured. */
    static class EmbeddedCacheCondition extends RedisConfiguredCondition {

        @Override
        public boolean matches(org.springframework.context.annotation.ConditionContext context,
                org.springframework.core.type.AnnotatedTypeMetadata metadata) {
            return !super.matches(context, metadata);
        }
    }
}
