package dev.resiliency.redis;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.data.redis.serializer.RedisSerializer;

import dev.resiliency.Ticker;
import dev.resiliency.singleflight.FlightBackend;
import dev.resiliency.singleflight.SharedFlights;

/**
 * Cluster-wide single flight on Redis: for one key, one process in the cluster runs the call and every other process
 * receives its outcome. Built by {@link RedisResiliency}.
 *
 * <p>The protocol, run by the leader of each local flight (local callers of a key are deduplicated first):
 * <ol>
 *   <li>Subscribe to the flight's channel ({@code <keyPrefix>sf:<name>:<key>}) and wait for Redis to confirm it.</li>
 *   <li>{@code SET key token NX PX leaseTime}. Won: run the call, renewing the lease every third of its time while it
 *       runs (only while the key still holds our token), then, in one script, delete the key (if still ours) and
 *       {@code PUBLISH} the outcome: the value through the configured serializer, or the failure's class and
 *       message.</li>
 *   <li>Lost: wait for the outcome on the channel. Because the subscription came first, an outcome published after
 *       the {@code SET} is never missed; waiters never poll. They look at the lease again only when it would have
 *       expired had its holder died (its remaining time, read atomically with the failed {@code SET}), or when the
 *       holder gives it up on shutdown: then one of them wins the {@code SET NX} and runs the call.</li>
 *   <li>Every wait has a deadline ({@code waitTimeout}): past it the caller gets
 *       {@link dev.resiliency.ResiliencyTimeoutException}, whatever happens elsewhere.</li>
 * </ol>
 * {@link #close()} gives up every lease this process holds (waiters elsewhere take over at once) and closes the
 * subscription. Keys must map to strings that are equal in every process for equal keys ({@code keyMapper}, default
 * {@code String.valueOf}).
 */
public final class RedisFlightBackend implements FlightBackend, AutoCloseable {

    private static final Log log = LogFactory.getLog(RedisFlightBackend.class);

    private final RedisCommands commands;
    private final FlightChannels channels;
    private final String keyPrefix;
    private final Duration leaseTime;
    private final byte[] leaseMillisArg;
    private final Duration waitTimeout;
    private final long waitTimeoutNanos;
    private final RedisSerializer<Object> serializer;
    private final Function<Object, String> keyMapper;
    private final Executor executor;
    private final ScheduledExecutorService timers;
    private final Ticker ticker = Ticker.system();
    private final Set<Lease> leases = ConcurrentHashMap.newKeySet();
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile boolean closed;

    RedisFlightBackend(RedisCommands commands, FlightChannels channels, String keyPrefix, Duration leaseTime,
            Duration waitTimeout, RedisSerializer<Object> serializer, Function<Object, String> keyMapper,
            Executor executor, ScheduledExecutorService timers) {
        this.commands = commands;
        this.channels = channels;
        this.keyPrefix = keyPrefix;
        this.leaseTime = leaseTime;
        this.leaseMillisArg = RedisCommands.ascii(Math.max(1L, leaseTime.toMillis()));
        this.waitTimeout = waitTimeout;
        this.waitTimeoutNanos = waitTimeout.toNanos();
        this.serializer = serializer;
        this.keyMapper = keyMapper;
        this.executor = executor;
        this.timers = timers;
    }

    @Override
    public SharedFlights flights(String name) {
        return new RedisFlights(this, name);
    }

    /** How long a lease lasts without renewal: how soon a dead holder is replaced. */
    public Duration leaseTime() {
        return leaseTime;
    }

    /** The longest a caller waits for a flight running in another process. */
    public Duration waitTimeout() {
        return waitTimeout;
    }

    /** Leases this process holds right now (flights it is running for the cluster). */
    public int leasesHeld() {
        return leases.size();
    }

    /**
     * Callers of this process waiting right now for a flight that holds its lease elsewhere (in another process, or
     * an earlier flight of this one): one per key and process, local followers not counted.
     */
    public int waiting() {
        return waiting.get();
    }

    /** Gives up every lease held (waiters elsewhere take over at once) and closes the subscription. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Lease lease : List.copyOf(leases)) {
            lease.abandon();
        }
        channels.close();
    }

    /**
     * Test hook: stops renewing every lease held, without releasing it or publishing anything, as if this process
     * had died; the leases expire after {@link #leaseTime()}.
     */
    void simulateCrash() {
        for (Lease lease : List.copyOf(leases)) {
            lease.stopRenewing();
        }
        closed = true;
        channels.close();
    }

    void waitingStarted() {
        waiting.incrementAndGet();
    }

    void waitingEnded() {
        waiting.decrementAndGet();
    }

    Lease startLease(String flightKey, byte[] token) {
        Lease lease = new Lease(this, flightKey, token, timers, leaseTime.toMillis());
        leases.add(lease);
        return lease;
    }

    void released(Lease lease) {
        leases.remove(lease);
    }

    byte[] valueMessage(String name, Object value) {
        if (value == null) {
            return Outcome.NULL_MESSAGE;
        }
        try {
            return Outcome.value(serializer.serialize(value));
        } catch (RuntimeException notSerializable) {
            log.warn("Single flight '" + name + "': the value could not be serialized for the other processes"
                    + " (they receive the failure instead): " + notSerializable);
            return Outcome.failure(notSerializable);
        }
    }

    Object deserialize(byte[] payload) {
        return payload == null ? null : serializer.deserialize(payload);
    }

    String keyOf(Object key) {
        return keyMapper.apply(key);
    }

    byte[] newToken() {
        return RedisCommands.utf8(UUID.randomUUID().toString());
    }

    Future<?> schedule(Runnable task, long delayNanos) {
        return timers.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    }

    RedisCommands commands() {
        return commands;
    }

    RedisAvailability availability() {
        return commands.availability();
    }

    FlightChannels channels() {
        return channels;
    }

    String keyPrefix() {
        return keyPrefix;
    }

    byte[] leaseMillisArg() {
        return leaseMillisArg;
    }

    long waitTimeoutNanos() {
        return waitTimeoutNanos;
    }

    Executor executor() {
        return executor;
    }

    Ticker ticker() {
        return ticker;
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "RedisFlightBackend[" + keyPrefix + "sf:*, lease " + leaseTime + ", wait " + waitTimeout + "]";
    }
}
