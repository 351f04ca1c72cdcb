package dev.resiliency.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.Subscription;

import dev.resiliency.BackendUnavailableException;

/**
 * The pub/sub side of the Redis single flights: one dedicated connection per backend, subscribed to the channel of
 * every flight a local leader is waiting for, and to an anchor channel of its own that keeps the subscription open
 * between flights.
 *
 * <p>{@link #join} registers the waiter <em>before</em> subscribing and returns only once Redis confirmed the
 * subscription (Lettuce's subscribe is synchronous), so a waiter that checks the lease afterwards cannot miss an
 * outcome published after that check: no lost wake-up. Subscribing and unsubscribing are serialized (one round trip
 * each, once per flight and process); delivering a message takes no lock but the waiter's own.
 */
final class FlightChannels implements MessageListener {

    private static final Log log = LogFactory.getLog(FlightChannels.class);

    private final RedisConnectionFactory connectionFactory;
    private final RedisAvailability availability;
    private final String anchor;
    private final ConcurrentHashMap<String, Set<Waiter>> waiters = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private RedisConnection connection; // guarded by lock
    private boolean closed; // guarded by lock

    FlightChannels(RedisConnectionFactory connectionFactory, RedisAvailability availability, String keyPrefix) {
        this.connectionFactory = connectionFactory;
        this.availability = availability;
        this.anchor = keyPrefix + "sf-anchor:" + UUID.randomUUID();
        availability.onDown(this::wakeAllOnDown);
    }

    /**
     * Subscribes a new waiter to {@code channel}; returns once the subscription is confirmed.
     *
     * @throws BackendUnavailableException if Redis could not be reached (reported to the availability tracker)
     */
    Waiter join(String instanceName, String channel) {
        Waiter waiter = new Waiter(channel);
        synchronized (lock) {
            if (closed) {
                throw new BackendUnavailableException(instanceName, "The Redis flight backend is closed");
            }
            Set<Waiter> present = waiters.get(channel);
            if (present != null) {
                present.add(waiter);
                return waiter;
            }
            Set<Waiter> set = ConcurrentHashMap.newKeySet();
            set.add(waiter);
            waiters.put(channel, set); // before SUBSCRIBE: a message right after the confirmation finds its waiter
            try {
                subscription().subscribe(bytes(channel));
            } catch (RuntimeException unreachable) {
                waiters.remove(channel);
                availability.reportFailure(unreachable);
                throw new BackendUnavailableException(instanceName,
                        "Could not subscribe to the flight's Redis channel", unreachable);
            }
        }
        return waiter;
    }

    /** Unsubscribes a waiter; the channel itself when it was the last one. Never throws. */
    void leave(Waiter waiter) {
        synchronized (lock) {
            Set<Waiter> set = waiters.get(waiter.channel);
            if (set == null || !set.remove(waiter) || !set.isEmpty()) {
                return;
            }
            waiters.remove(waiter.channel);
            if (connection == null || closed) {
                return;
            }
            try {
                connection.getSubscription().unsubscribe(bytes(waiter.channel));
            } catch (RuntimeException ignored) {
                // a channel left subscribed only costs the messages nobody reads; a later join subscribes again
                log.debug("Could not unsubscribe from " + waiter.channel, ignored);
            }
        }
    }

    @Override
    public void onMessage(Message message, byte[] pattern) {
        Set<Waiter> set = waiters.get(new String(message.getChannel(), StandardCharsets.UTF_8));
        if (set == null) {
            return;
        }
        Outcome outcome = Outcome.parse(message.getBody());
        if (outcome == null) {
            return;
        }
        for (Waiter waiter : set) {
            waiter.deliver(outcome);
        }
    }

    /** Closes the pub/sub connection; waiters still waiting are told Redis is gone. */
    void close() {
        List<Waiter> all = new ArrayList<>();
        synchronized (lock) {
            closed = true;
            waiters.values().forEach(all::addAll);
            if (connection != null) {
                try {
                    connection.close();
                } catch (RuntimeException ignored) {
                    // closing anyway
                }
                connection = null;
            }
        }
        all.forEach(waiter -> waiter.deliver(Outcome.DOWN));
    }

    private Subscription subscription() {
        if (connection == null || !connection.isSubscribed()) {
            if (connection != null) {
                try {
                    connection.close();
                } catch (RuntimeException ignored) {
                    // replacing it
                }
            }
            RedisConnection fresh = connectionFactory.getConnection();
            List<byte[]> channels = new ArrayList<>();
            channels.add(bytes(anchor));
            waiters.keySet().forEach(channel -> channels.add(bytes(channel)));
            try {
                fresh.subscribe(this, channels.toArray(byte[][]::new));
            } catch (RuntimeException failure) {
                fresh.close();
                throw failure;
            }
            connection = fresh;
        }
        return connection.getSubscription();
    }

    private void wakeAllOnDown() {
        for (Set<Waiter> set : waiters.values()) {
            for (Waiter waiter : set) {
                waiter.deliver(Outcome.DOWN);
            }
        }
    }

    private static byte[] bytes(String channel) {
        return channel.getBytes(StandardCharsets.UTF_8);
    }
}
