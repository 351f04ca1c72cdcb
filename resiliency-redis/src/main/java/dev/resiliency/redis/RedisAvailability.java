package dev.resiliency.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Whether one Redis is reachable, as seen by the rate limiters and single flights that share it, so that a Redis
 * outage costs one failed command (one client timeout), not one per call.
 *
 * <p>The first failed command marks Redis <em>down</em>: every instance then decides locally (or rejects) without
 * touching Redis, and a probe ({@code PING}) runs every {@code probeInterval} on a background thread until one
 * succeeds, which marks Redis <em>up</em> again. No caller ever waits for a probe. Transitions are logged once each.
 *
 * <p>Thread-safe; {@link #isAvailable()} is one volatile read.
 */
public final class RedisAvailability implements AutoCloseable {

    private static final Log log = LogFactory.getLog(RedisAvailability.class);

    private final RedisConnectionFactory connectionFactory;
    private final Duration probeInterval;
    private final ScheduledExecutorService timers;
    private final AtomicBoolean up = new AtomicBoolean(true);
    private final AtomicLong outages = new AtomicLong();
    private final List<Runnable> downListeners = new CopyOnWriteArrayList<>();
    private volatile Throwable lastFailure;
    private volatile Instant downSince;
    private volatile boolean closed;

    /**
     * @param connectionFactory the Redis to watch
     * @param probeInterval     how often to try Redis again while it is down
     * @param timers            runs the probes (blocking Redis calls): a thread of the Redis module, not a shared timer
     */
    public RedisAvailability(RedisConnectionFactory connectionFactory, Duration probeInterval,
            ScheduledExecutorService timers) {
        this.connectionFactory = Objects.requireNonNull(connectionFactory, "connectionFactory");
        this.probeInterval = Objects.requireNonNull(probeInterval, "probeInterval");
        if (probeInterval.isNegative() || probeInterval.isZero()) {
            throw new IllegalArgumentException("probeInterval must be > 0, got: " + probeInterval);
        }
        this.timers = Objects.requireNonNull(timers, "timers");
    }

    /** Whether Redis is believed reachable: no command failed since the last successful probe. */
    public boolean isAvailable() {
        return up.get();
    }

    /** The failure that marked Redis down, or the last failure seen; null if none yet. */
    public Throwable lastFailure() {
        return lastFailure;
    }

    /** When Redis was marked down; null while it is up. */
    public Instant downSince() {
        return downSince;
    }

    /** How many times Redis was marked down since start (cumulative). */
    public long outages() {
        return outages.get();
    }

    /** {@code listener} runs (on the reporting thread) each time Redis is marked down: waiters give up at once. */
    public void onDown(Runnable listener) {
        downListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * A Redis command failed: marks Redis down (once per outage) and starts probing. Cheap when already down.
     */
    public void reportFailure(Throwable failure) {
        lastFailure = failure;
        if (closed || !up.compareAndSet(true, false)) {
            return;
        }
        downSince = Instant.now();
        outages.incrementAndGet();
        log.warn("Redis is unreachable; rate limiters and single flights with backend 'redis' now apply their"
                + " on-backend-failure mode until it answers again (probing every " + probeInterval.toMillis()
                + " ms): " + failure);
        for (Runnable listener : downListeners) {
            try {
                listener.run();
            } catch (RuntimeException ex) {
                log.warn("A Redis down listener failed", ex);
            }
        }
        scheduleProbe();
    }

    private void scheduleProbe() {
        if (closed) {
            return;
        }
        try {
            timers.schedule(this::probe, probeInterval.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RuntimeException rejected) {
            // shutting down: nobody needs the probe any more
        }
    }

    private void probe() {
        if (closed) {
            return;
        }
        try (RedisConnection connection = connectionFactory.getConnection()) {
            connection.ping();
        } catch (RuntimeException stillDown) {
            lastFailure = stillDown;
            scheduleProbe();
            return;
        }
        Instant since = downSince;
        downSince = null;
        up.set(true);
        log.info("Redis answers again; cluster-wide rate limiting and single flight resume"
                + (since == null ? "" : " (down for " + Duration.between(since, Instant.now()).toMillis() + " ms)"));
    }

    /** Stops probing. */
    @Override
    public void close() {
        closed = true;
    }
}
