package dev.resiliency.redis;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A lease this process holds on one flight key while it runs the call: renewed every third of the lease time
 * (compare-and-renew: only while the key still holds our token), ended by publishing the outcome, or given up when
 * the process stops so that a waiter elsewhere takes over at once instead of after the lease expires.
 */
final class Lease {

    private static final Log log = LogFactory.getLog(Lease.class);

    private final RedisFlightBackend backend;
    private final String key;
    private final byte[] token;
    private final ScheduledFuture<?> renewal;
    private final AtomicBoolean ended = new AtomicBoolean();

    Lease(RedisFlightBackend backend, String key, byte[] token, ScheduledExecutorService timers, long leaseMillis) {
        this.backend = backend;
        this.key = key;
        this.token = token;
        long period = Math.max(1L, leaseMillis / 3);
        ScheduledFuture<?> scheduled;
        try {
            scheduled = timers.scheduleWithFixedDelay(this::renew, period, period, TimeUnit.MILLISECONDS);
        } catch (RuntimeException shuttingDown) {
            scheduled = null; // the backend is closing; the lease simply expires
        }
        this.renewal = scheduled;
    }

    private void renew() {
        if (ended.get()) {
            return;
        }
        try {
            if (backend.commands().run(RedisCommands.RENEW, key, token, backend.leaseMillisArg()) == 0) {
                log.warn("Lost the Redis lease of flight " + key + " while running it (it expired: a pause or an"
                        + " outage longer than the lease time); another process may run the same call");
                stopRenewing();
            }
        } catch (RuntimeException unreachable) {
            // reported to the availability tracker; the next renewal tries again
        }
    }

    /** Publishes the outcome and frees the key (if still ours). Never throws: the caller has its outcome anyway. */
    void complete(byte[] message) {
        if (!end()) {
            return;
        }
        if (backend.isClosed()) {
            return; // given up already; the connection may be gone
        }
        try {
            backend.commands().run(RedisCommands.COMPLETE, key, token, RedisCommands.utf8(key), message);
        } catch (RuntimeException unreachable) {
            log.warn("Could not publish the outcome of flight " + key + "; its waiters will take over when the"
                    + " lease expires or give up at their deadline: " + unreachable);
        }
    }

    /** Gives the lease up without an outcome, waking the waiters (the process is stopping). Never throws. */
    void abandon() {
        if (!end()) {
            return;
        }
        try {
            backend.commands().run(RedisCommands.ABANDON, key, token, RedisCommands.utf8(key),
                    Outcome.ABANDONED_MESSAGE);
        } catch (RuntimeException unreachable) {
            // the lease expires by itself
        }
    }

    /** Stops renewing, without releasing the key: as if the process had died (it expires after the lease time). */
    void stopRenewing() {
        end();
    }

    /** Ends the lease once: no more renewals, no longer given up on close. False if it had ended already. */
    private boolean end() {
        if (!ended.compareAndSet(false, true)) {
            return false;
        }
        if (renewal != null) {
            renewal.cancel(false);
        }
        backend.released(this);
        return true;
    }
}
