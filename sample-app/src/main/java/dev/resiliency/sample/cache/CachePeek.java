package dev.resiliency.sample.cache;

import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.stereotype.Component;

/**
 * A second look in a cache from inside a single flight. A caller can miss the cache just before the previous
 * flight for the same key stores its value, and reach the single flight just after that flight ended: it then
 * leads a new flight. When the leader looks in the cache again first, that late flight costs no downstream call,
 * so N concurrent misses make exactly one call, however the threads were scheduled.
 */
@Component
public class CachePeek {

    private final CacheManager caches;
    private final LoggingCacheErrorHandler errors;

    public CachePeek(CacheManager caches, LoggingCacheErrorHandler errors) {
        this.caches = caches;
        this.errors = errors;
    }

    /** The cached value, or null on a miss or when the cache fails (handled as the cache error handler does). */
    public <T> T get(String cacheName, Object key, Class<T> type) {
        Cache cache = this.caches.getCache(cacheName);
        if (cache == null) {
            return null;
        }
        try {
            return cache.get(key, type);
        }
        catch (RuntimeException ex) {
            this.errors.handleCacheGetError(ex, cache, key);
            return null;
        }
    }
}
