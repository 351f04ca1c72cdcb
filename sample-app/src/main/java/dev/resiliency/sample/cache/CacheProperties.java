package dev.resiliency.sample.cache;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Time to live of the sample's caches ({@code sample.cache.*}), the same for the embedded and the Redis cache.
 *
 * @param usersTtl     how long a user profile is served from the cache. Default: 5m
 * @param inventoryTtl how long an inventory figure is served from the cache. Default: 30s
 * @param maximumSize  entries per embedded (Caffeine) cache. Default: 10000
 */
@ConfigurationProperties("sample.cache")
public record CacheProperties(@DefaultValue("5m") Duration usersTtl, @DefaultValue("30s") Duration inventoryTtl,
        @DefaultValue("10000") long maximumSize) {
}
