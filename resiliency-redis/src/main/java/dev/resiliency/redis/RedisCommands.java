package dev.resiliency.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * The Lua scripts of the Redis backends, and how they are run: {@code EVALSHA}, falling back to {@code EVAL} when the
 * server does not know the script yet (Spring Data Redis does that). Every failure is reported to the
 * {@link RedisAvailability} before it is rethrown.
 */
final class RedisCommands {

    /**
     * GCRA ("virtual scheduling") in one atomic step, on Redis' own clock: the key holds the instant, in microseconds
     * of Redis {@code TIME}, at which the bucket is full again. Taking {@code w} tokens moves it to
     * {@code max(full, now) + w * interval}, allowed while that stays within {@code burst * interval (+ allowance)} of
     * now. The key expires when the bucket would be full anyway, so idle buckets cost nothing.
     * Returns the wait in microseconds: {@code >= 0} granted, {@code < 0} rejected (minus the time until it would be).
     * KEYS[1] bucket; ARGV interval us, burst, weight, allowance us.
     */
    static final RedisScript<Long> RESERVE = RedisScript.of("""
            redis.replicate_commands()
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            local interval = tonumber(ARGV[1])
            local tolerance = interval * tonumber(ARGV[2])
            local full = tonumber(redis.call('GET', KEYS[1]))
            if full == nil or full < now then full = now end
            local nxt = full + interval * tonumber(ARGV[3])
            local wait = nxt - now - tolerance
            if wait > tonumber(ARGV[4]) then return -wait end
            redis.call('SET', KEYS[1], string.format('%.0f', nxt), 'PX', math.ceil((nxt - now) / 1000) + 1)
            if wait < 0 then wait = 0 end
            return wait
            """, Long.class);

    /** Microseconds of refill still owed by the bucket (0 when full); reads only. KEYS[1] bucket. */
    static final RedisScript<Long> DEBT = RedisScript.of("""
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            local full = tonumber(redis.call('GET', KEYS[1]))
            if full == nil or full < now then return 0 end
            return full - now
            """, Long.class);

    /**
     * Takes the lease if free: -1 when taken, else the lease's remaining milliseconds (the lease time when it has no
     * expiry, which only a foreign key could lack). KEYS[1] lease; ARGV token, lease ms.
     */
    static final RedisScript<Long> ACQUIRE = RedisScript.of("""
            if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return -1 end
            local ttl = redis.call('PTTL', KEYS[1])
            if ttl < 0 then return tonumber(ARGV[2]) end
            return ttl
            """, Long.class);

    /** Extends the lease only if we still hold it: 1 renewed, 0 lost. KEYS[1] lease; ARGV token, lease ms. */
    static final RedisScript<Long> RENEW = RedisScript.of("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              return 1
            end
            return 0
            """, Long.class);

    /**
     * Ends a flight: frees the lease if we still hold it and publishes the outcome on the flight's channel, in one
     * step, so a waiter never sees the key free without the outcome on its way. Returns the number of receivers.
     * KEYS[1] lease; ARGV token, channel, message.
     */
    static final RedisScript<Long> COMPLETE = RedisScript.of("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
            return redis.call('PUBLISH', ARGV[2], ARGV[3])
            """, Long.class);

    /** Gives a lease up (the process stops): only if held, then tells the waiters to take over. Same arguments. */
    static final RedisScript<Long> ABANDON = RedisScript.of("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('DEL', KEYS[1])
              return redis.call('PUBLISH', ARGV[2], ARGV[3])
            end
            return 0
            """, Long.class);

    private final StringRedisTemplate template;
    private final RedisAvailability availability;

    RedisCommands(StringRedisTemplate template, RedisAvailability availability) {
        this.template = template;
        this.availability = availability;
    }

    RedisAvailability availability() {
        return availability;
    }

    /** Runs a script whose arguments are raw bytes; reports a failure to the availability tracker, then rethrows. */
    long run(RedisScript<Long> script, String key, byte[]... args) {
        Long result;
        try {
            result = template.execute(script, RedisSerializer.byteArray(), null, List.of(key), (Object[]) args);
        } catch (RuntimeException failure) {
            report(failure);
            throw failure;
        }
        if (result == null) {
            IllegalStateException nothing = new IllegalStateException("Redis returned no result (inside a pipeline or"
                    + " transaction?)");
            availability.reportFailure(nothing);
            throw nothing;
        }
        return result;
    }

    /** Deletes a key; reports a failure, then rethrows. */
    void delete(String key) {
        try {
            template.delete(key);
        } catch (RuntimeException failure) {
            report(failure);
            throw failure;
        }
    }

    /** An interrupted caller is not a sign that Redis is down. */
    private void report(RuntimeException failure) {
        if (Thread.currentThread().isInterrupted() || causedByInterrupt(failure)) {
            return;
        }
        availability.reportFailure(failure);
    }

    private static boolean causedByInterrupt(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    static byte[] ascii(long number) {
        return Long.toString(number).getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
