package dev.resiliency.redis;

import java.util.Objects;

import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resiliency.ratelimiter.RateLimiterBackend;
import dev.resiliency.ratelimiter.SharedBucket;

/**
 * Cluster-wide token buckets on Redis: every {@link dev.resiliency.ratelimiter.RateLimiter} of the same name built with
 * this backend, in any process, draws from one bucket kept under {@code <keyPrefix>rl:<name>}.
 *
 * <p>Refill and take are one Lua script (GCRA, the same algorithm as the local bucket), so concurrent callers in
 * different processes never race on a read-modify-write; time is Redis' own clock ({@code TIME}), so the processes'
 * clocks do not matter. Resolution is one microsecond: the refill interval of one token is rounded up to whole
 * microseconds (a rate above 1,000,000 tokens per second per bucket is served as 1,000,000). One round trip per call.
 *
 * <p>While the shared {@link RedisAvailability} says Redis is down, buckets report themselves unavailable and the
 * rate limiters apply their {@link dev.resiliency.BackendFailureMode} without waiting for Redis.
 */
public final class RedisRateLimiterBackend implements RateLimiterBackend {

    private final RedisCommands commands;
    private final String keyPrefix;

    /**
     * @param template     the Redis to use (its connection factory decides the client, timeouts, cluster...)
     * @param availability tracks whether that Redis answers; shared with the single flights on the same Redis
     * @param keyPrefix    prepended to every key, e.g. {@code "resiliency:"}; use one per application to keep apart
     *                     rate limiters of the same name in different applications
     */
    public RedisRateLimiterBackend(StringRedisTemplate template, RedisAvailability availability, String keyPrefix) {
        this.commands = new RedisCommands(Objects.requireNonNull(template, "template"),
                Objects.requireNonNull(availability, "availability"));
        this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
    }

    @Override
    public SharedBucket bucket(String name, double rate, int burstSize) {
        long intervalMicros = Math.max(1L, (long) Math.ceil(1_000_000.0 / rate));
        return new RedisBucket(commands, keyPrefix + "rl:" + name, intervalMicros, burstSize);
    }

    /** The Redis key of the bucket of the rate limiter of that name. */
    public String keyOf(String name) {
        return keyPrefix + "rl:" + name;
    }

    @Override
    public String toString() {
        return "RedisRateLimiterBackend[" + keyPrefix + "rl:*]";
    }
}
