package dev.resiliency.singleflight;

import java.util.concurrent.CompletableFuture;

/**
 * One execution for one key, shared by every caller that joined it while it ran.
 *
 * <p>{@link #done} always completes normally (with this flight) once {@link #value} and {@link #failure} are set:
 * waiters read the outcome from the fields, so the leader's exception reaches them as the very same instance,
 * never wrapped by {@code CompletableFuture}'s exception handling. The fields are plain: completing {@code done}
 * publishes them to every thread that observes the completion.
 */
final class Flight {

    final Object key;
    final CompletableFuture<Flight> done = new CompletableFuture<>();
    Object value;
    Throwable failure;

    Flight(Object key) {
        this.key = key;
    }
}
