package dev.resiliency.sample.cache;

import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cache.Cache;
import org.springframework.cache.interceptor.CacheErrorHandler;

/**
 * A cache that fails (Redis down, a timeout, a value that cannot be read) must not fail the request: a failed
 * {@code get} is treated as a miss, so the call goes on to the downstream through its resilience stack, and a
 * failed {@code put}, {@code evict} or {@code clear} is skipped. Each failure is logged (briefly: an outage would
 * otherwise flood the log with stack traces) and counted.
 */
public class LoggingCacheErrorHandler implements CacheErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(LoggingCacheErrorHandler.class);

    private final LongAdder errors = new LongAdder();

    /** Cache operations that failed and were skipped since start-up. */
    public long errors() {
        return this.errors.sum();
    }

    @Override
    public void handleCacheGetError(RuntimeException exception, Cache cache, Object key) {
        failed("get", exception, cache, key);
    }

    @Override
    public void handleCachePutError(RuntimeException exception, Cache cache, Object key, Object value) {
        failed("put", exception, cache, key);
    }

    @Override
    public void handleCacheEvictError(RuntimeException exception, Cache cache, Object key) {
        failed("evict", exception, cache, key);
    }

    @Override
    public void handleCacheClearError(RuntimeException exception, Cache cache) {
        failed("clear", exception, cache, "*");
    }

    private void failed(String operation, RuntimeException exception, Cache cache, Object key) {
        this.errors.increment();
        log.warn("Cache {} failed on '{}' key {}, going on without the cache: {}", operation, cache.getName(), key,
                exception.toString());
        log.debug("Cache failure detail", exception);
    }
}
