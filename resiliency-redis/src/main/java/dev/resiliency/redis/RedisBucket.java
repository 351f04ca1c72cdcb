package dev.resiliency.redis;

import dev.resiliency.ratelimiter.SharedBucket;

/**
 * The bucket of one rate limiter name on Redis; see {@link RedisRateLimiterBackend}. The arguments that never change
 * are encoded once, so a call builds only the weight and the allowance.
 */
final class RedisBucket implements SharedBucket {

    private static final byte[][] SMALL_NUMBERS = new byte[65][];

    static {
        for (int i = 0; i < SMALL_NUMBERS.length; i++) {
            SMALL_NUMBERS[i] = RedisCommands.ascii(i);
        }
    }

    private final RedisCommands commands;
    private final String key;
    private final long intervalMicros;
    private final long toleranceMicros;
    private final byte[] interval;
    private final byte[] burst;

    RedisBucket(RedisCommands commands, String key, long intervalMicros, int burstSize) {
        this.commands = commands;
        this.key = key;
        this.intervalMicros = intervalMicros;
        this.toleranceMicros = intervalMicros * burstSize;
        this.interval = RedisCommands.ascii(intervalMicros);
        this.burst = RedisCommands.ascii(burstSize);
    }

    @Override
    public boolean isAvailable() {
        return commands.availability().isAvailable();
    }

    @Override
    public long reserve(int weight, long allowanceNanos) {
        long micros = commands.run(RedisCommands.RESERVE, key, interval, burst, number(weight),
                number(allowanceNanos / 1_000L));
        // a grant in the same microsecond needs no wait; a rejection always says how long (at least 1 us)
        return micros * 1_000L;
    }

    @Override
    public double availableTokens() {
        long debt = commands.run(RedisCommands.DEBT, key);
        return Math.max(0.0, (toleranceMicros - debt) / (double) intervalMicros);
    }

    @Override
    public void reset() {
        commands.delete(key);
    }

    private static byte[] number(long value) {
        return value >= 0 && value < SMALL_NUMBERS.length ? SMALL_NUMBERS[(int) value] : RedisCommands.ascii(value);
    }

    @Override
    public String toString() {
        return "RedisBucket[" + key + "]";
    }
}
