package dev.resiliency.redis;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import dev.resiliency.internal.Futures;

/**
 * {@link RedisFlights#execute} without blocking the caller: each round (subscribe, try the lease) runs on the
 * backend's executor, a wait for another process is a future completed by the pub/sub listener or by a timer, and
 * nothing blocks while waiting.
 */
final class AsyncFlight<T> {

    final CompletableFuture<T> result = new CompletableFuture<>();

    private final RedisFlights flights;
    private final RedisFlightBackend backend;
    private final String flightKey;
    private final Supplier<? extends CompletionStage<T>> supplier;
    private final long deadline;
    private Waiter waiter; // only touched by one round at a time

    AsyncFlight(RedisFlights flights, RedisFlightBackend backend, String flightKey,
            Supplier<? extends CompletionStage<T>> supplier, long deadline) {
        this.flights = flights;
        this.backend = backend;
        this.flightKey = flightKey;
        this.supplier = supplier;
        this.deadline = deadline;
    }

    void round() {
        try {
            if (waiter == null) {
                waiter = backend.channels().join(flights.name(), flightKey);
            }
            byte[] token = backend.newToken();
            long leaseLeftMillis = flights.acquire(flightKey, token);
            if (leaseLeftMillis < 0) {
                leave();
                lead(token);
                return;
            }
            long remaining = deadline - backend.ticker().read();
            if (remaining <= 0) {
                finish(null, flights.timeout());
                return;
            }
            Waiter current = waiter;
            CompletableFuture<Outcome> next = current.next();
            if (!next.isDone()) {
                Future<?> timer = backend.schedule(() -> current.giveUp(next),
                        Math.min(remaining, RedisFlights.untilExpiry(leaseLeftMillis)));
                next.whenComplete((outcome, impossible) -> timer.cancel(false));
            }
            backend.waitingStarted();
            next.thenAcceptAsync(this::onOutcome, backend.executor());
        } catch (Throwable failure) {
            finish(null, failure);
        }
    }

    private void onOutcome(Outcome outcome) {
        backend.waitingEnded();
        try {
            switch (outcome.kind()) {
                case VALUE:
                    @SuppressWarnings("unchecked")
                    T value = (T) backend.deserialize(outcome.payload());
                    finish(value, null);
                    return;
                case FAILURE:
                    finish(null, flights.remoteFailure(outcome));
                    return;
                case DOWN:
                    finish(null, flights.down(null));
                    return;
                default:
                    if (backend.ticker().read() - deadline >= 0) {
                        finish(null, flights.timeout());
                    } else {
                        round();
                    }
            }
        } catch (Throwable failure) {
            finish(null, failure);
        }
    }

    private void lead(byte[] token) {
        Lease lease = backend.startLease(flightKey, token);
        Futures.invoke(supplier).whenCompleteAsync((value, failure) -> {
            if (failure == null) {
                lease.complete(backend.valueMessage(flights.name(), value));
                result.complete(value);
            } else {
                Throwable cause = Futures.unwrap(failure);
                lease.complete(Outcome.failure(cause));
                result.completeExceptionally(cause);
            }
        }, backend.executor());
    }

    private void finish(T value, Throwable failure) {
        leave();
        if (failure == null) {
            result.complete(value);
        } else {
            result.completeExceptionally(failure);
        }
    }

    private void leave() {
        if (waiter != null) {
            backend.channels().leave(waiter);
            waiter = null;
        }
    }
}
