package dev.resiliency.redis.autoconfigure;

import dev.resiliency.redis.RedisResiliency;

/**
 * Adjusts the auto-configured {@link RedisResiliency} beyond what properties express, typically the serializer of
 * single-flight values or the mapping of keys to Redis names:
 *
 * <pre>{@code
 * @Bean
 * RedisResiliencyBuilderCustomizer jsonFlights(ObjectMapper mapper) {
 *     return builder -> builder.serializer(new GenericJacksonJsonRedisSerializer(mapper));
 * }
 * }</pre>
 */
@FunctionalInterface
public interface RedisResiliencyBuilderCustomizer {

    /** Called once, after the properties were applied. */
    void customize(RedisResiliency.Builder builder);
}
