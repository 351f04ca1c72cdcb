package dev.resiliency.redis;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import dev.resiliency.BackendUnavailableException;
import dev.resiliency.ResiliencyTimeoutException;
import dev.resiliency.internal.Futures;
import dev.resiliency.singleflight.RemoteFlightException;
import dev.resiliency.singleflight.SharedFlights;

/**
 * The flights of one single-flight name on Redis; the protocol is described on {@link RedisFlightBackend}.
 */
final class RedisFlights implements SharedFlights {

    private final RedisFlightBackend backend;
    private final String name;
    private final String keyPrefix;

    RedisFlights(RedisFlightBackend backend, String name) {
        this.backend = backend;
        this.name = name;
        this.keyPrefix = backend.keyPrefix() + "sf:" + name + ":";
    }

    @Override
    public boolean isAvailable() {
        return backend.availability().isAvailable() && !backend.isClosed();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T execute(Object key, Callable<T> callable) throws Exception {
        String flightKey = flightKey(key);
        long deadline = backend.ticker().read() + backend.waitTimeoutNanos();
        FlightChannels channels = backend.channels();
        Waiter waiter = channels.join(name, flightKey); // subscribed before the lease is looked at
        boolean subscribed = true;
        try {
            for (;;) {
                byte[] token = backend.newToken();
                long leaseLeftMillis = acquire(flightKey, token);
                if (leaseLeftMillis < 0) {
                    channels.leave(waiter); // ours: nothing to wait for
                    subscribed = false;
                    return lead(flightKey, token, callable);
                }
                long remaining = deadline - backend.ticker().read();
                if (remaining <= 0) {
                    throw timeout();
                }
                Outcome outcome;
                backend.waitingStarted();
                try {
                    outcome = waiter.await(Math.min(remaining, untilExpiry(leaseLeftMillis)));
                } finally {
                    backend.waitingEnded();
                }
                switch (outcome.kind()) {
                    case VALUE:
                        return (T) backend.deserialize(outcome.payload());
                    case FAILURE:
                        throw remoteFailure(outcome);
                    case DOWN:
                        throw down(null);
                    default:
                        // abandoned, or the lease would have expired by now: try to take it over
                        if (backend.ticker().read() - deadline >= 0) {
                            throw timeout();
                        }
                }
            }
        } finally {
            if (subscribed) {
                channels.leave(waiter);
            }
        }
    }

    @Override
    public <T> CompletableFuture<T> executeAsync(Object key, Supplier<? extends CompletionStage<T>> supplier) {
        AsyncFlight<T> flight = new AsyncFlight<>(this, backend, flightKey(key), supplier,
                backend.ticker().read() + backend.waitTimeoutNanos());
        try {
            backend.executor().execute(flight::round);
        } catch (RejectedExecutionException shuttingDown) {
            flight.result.completeExceptionally(down(shuttingDown));
        }
        return flight.result;
    }

    /** This process runs the call, holding the lease, then publishes the outcome. */
    private <T> T lead(String flightKey, byte[] token, Callable<T> callable) throws Exception {
        Lease lease = backend.startLease(flightKey, token);
        T value;
        try {
            value = callable.call();
        } catch (Throwable failure) {
            lease.complete(Outcome.failure(failure));
            throw Futures.sneakyThrow(failure);
        }
        lease.complete(backend.valueMessage(name, value));
        return value;
    }

    /** -1 if the lease is now ours, else its remaining milliseconds. */
    long acquire(String flightKey, byte[] token) {
        try {
            return backend.commands().run(RedisCommands.ACQUIRE, flightKey, token, backend.leaseMillisArg());
        } catch (RuntimeException unreachable) {
            throw down(unreachable);
        }
    }

    /** Nanoseconds until a lease with that much time left has certainly expired. */
    static long untilExpiry(long leaseLeftMillis) {
        return (leaseLeftMillis + 2) * 1_000_000L;
    }

    String name() {
        return name;
    }

    String flightKey(Object key) {
        return keyPrefix + backend.keyOf(key);
    }

    RemoteFlightException remoteFailure(Outcome outcome) {
        return new RemoteFlightException(name, outcome.failureType(), outcome.failureMessage());
    }

    ResiliencyTimeoutException timeout() {
        return new ResiliencyTimeoutException(name, "waiting for the call running in another process",
                backend.waitTimeout());
    }

    BackendUnavailableException down(Throwable cause) {
        return new BackendUnavailableException(name, "Single flight '" + name + "': Redis is unreachable", cause);
    }

    @Override
    public String toString() {
        return "RedisFlights[" + keyPrefix + "*]";
    }
}
