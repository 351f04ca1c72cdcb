package dev.resiliency.redis.autoconfigure;

import org.springframework.context.SmartLifecycle;

import dev.resiliency.redis.RedisResiliency;

/**
 * Closes the {@link RedisResiliency} while Redis is still connected: on shutdown, the leases this application holds
 * are given up (the other instances take their flights over at once instead of after the lease time) and the
 * subscription is closed, after the web server stopped taking requests and before Spring Data Redis stops its
 * connection factory (phase 0).
 */
class RedisResiliencyLifecycle implements SmartLifecycle {

    /** Stops after the web server's graceful shutdown, before the Redis connection factory. */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private final RedisResiliency redis;
    private volatile boolean running;

    RedisResiliencyLifecycle(RedisResiliency redis) {
        this.redis = redis;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        redis.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
