package dev.resiliency.singleflight;

import dev.resiliency.BackendFailureMode;
import dev.resiliency.BackendUnavailableException;
import dev.resiliency.EventPublisher;
import dev.resiliency.EventSource;
import dev.resiliency.ResiliencyTimeoutException;
import dev.resiliency.Ticker;
import dev.resiliency.internal.Checks;
import dev.resiliency.internal.Futures;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Deduplicates concurrent calls by key, like Go's {@code x/sync/singleflight}: while a call for a key is in flight,
 * callers with an equal key ({@code equals}/{@code hashCode}) do not run their own callable; they wait and receive
 * the same value, or the same exception instance (checked ones and {@link Error}s included), as the first caller.
 * That first caller, the leader, runs its callable in its own thread; no other thread is involved. Nothing is
 * cached: the key is released when the call completes, before the waiters are woken, so a caller arriving afterwards
 * starts a new call.
 *
 * <ul>
 *   <li>{@link #forget(Object)} detaches the running call from its key: its waiters still get its outcome, the next
 *       caller starts a new call, and callers after that join the new one. The running call is never cancelled.</li>
 *   <li>A timeout ({@link #call(Object, Callable, Duration)}) bounds one waiter's wait: that waiter throws
 *       {@link ResiliencyTimeoutException}, the call and its other waiters carry on. A leader runs to completion.</li>
 *   <li>An interrupted waiter throws {@link InterruptedException} with its interrupt flag set; the call is unaffected.
 *       An interrupt of the leader is seen by its own callable, and the waiters get whatever it throws.</li>
 *   <li>{@link #callAsync(Object, Supplier)} shares the first caller's stage; every caller, the first included, gets
 *       its own dependent future, so cancelling one leaves the shared stage to the others. Once every caller gave up
 *       on its future (and no synchronous caller waits), the shared stage is cancelled: the work it holds does not
 *       outlive everyone who wanted it, and the next caller starts a new call. Sync and async callers of the same
 *       key share one flight.</li>
 * </ul>
 *
 * <p>Callers sharing a key must expect the same result type. A callable must not call this single flight with its
 * own key (it would wait for itself). Options: {@code ticker} (default {@link Ticker#system()}) measures waiters'
 * timeouts.
 *
 * <p>Shared across processes: with a {@link Builder#backend(FlightBackend) backend} (e.g. Redis), the leader of a
 * local flight asks the backend, which lets one process in the cluster run the call and hands its outcome to the
 * others (a failure there arrives here as {@link RemoteFlightException}; a wait for another process has a deadline,
 * then {@link ResiliencyTimeoutException}). While the backend is unreachable the
 * {@link Builder#onBackendFailure(BackendFailureMode) failure mode} applies: flights are local
 * ({@link BackendFailureMode#LOCAL}, the default) or calls fail with {@link BackendUnavailableException}
 * ({@link BackendFailureMode#REJECT}); {@link SingleFlightStats#backendFallbacks()} counts those calls.
 */
public final class SingleFlight {

    private final String name;
    private final Ticker ticker;
    private final ConcurrentHashMap<Object, Flight> flights = new ConcurrentHashMap<>();
    private final EventPublisher<SingleFlightEvent> events = new EventPublisher<>();
    private final LongAdder leaderCalls = new LongAdder();
    private final LongAdder sharedCalls = new LongAdder();
    private final BackedFlights backed; // null without a backend
    private final BackendFailureMode onBackendFailure;

    private SingleFlight(Builder builder) {
        this.name = builder.name;
        this.ticker = builder.ticker;
        this.onBackendFailure = builder.onBackendFailure;
        this.backed = builder.backend == null ? null : new BackedFlights(name,
                Checks.notNull(builder.backend.flights(name), "backend flights"), onBackendFailure);
    }

    /** Starts building a single flight named {@code name}. */
    public static Builder builder(String name) {
        return new Builder(Checks.name(name));
    }

    public String name() {
        return name;
    }

    /** Whether flights are coordinated through a backend shared with other processes. */
    public boolean hasBackend() {
        return backed != null;
    }

    /** Leader calls decided without the backend because it was unreachable (cumulative; 0 without a backend). */
    public long backendFallbacks() {
        return backed == null ? 0L : backed.fallbacks.sum();
    }

    /** What happens while the backend is unreachable; irrelevant without a backend. Default {@code LOCAL}. */
    public BackendFailureMode onBackendFailure() {
        return onBackendFailure;
    }

    /**
     * Runs {@code callable} in this thread unless a call for an equal key is in flight, in which case it waits for
     * that call's outcome as long as needed.
     *
     * @throws InterruptedException if interrupted while waiting for another caller's call (the flag stays set)
     * @throws Exception            what the call threw, the same instance in every caller
     */
    public <T> T call(Object key, Callable<T> callable) throws Exception {
        return call(key, callable, Long.MAX_VALUE, null);
    }

    /**
     * Like {@link #call(Object, Callable)}, but a caller that joins a running call waits at most {@code timeout}.
     * A caller that becomes the leader runs {@code callable} in its own thread to completion: there is no other
     * thread to hand it to, and its waiters depend on it.
     *
     * @throws ResiliencyTimeoutException if this caller's wait ran out; the call keeps running for the others
     */
    public <T> T call(Object key, Callable<T> callable, Duration timeout) throws Exception {
        Checks.nonNegative(timeout, "timeout");
        return call(key, callable, Checks.toNanos(timeout), timeout);
    }

    /**
     * Calls {@code supplier} unless a call for an equal key is in flight, and returns a future completed with the
     * outcome of the shared call. Never blocks.
     */
    public <T> CompletableFuture<T> callAsync(Object key, Supplier<? extends CompletionStage<T>> supplier) {
        Checks.notNull(key, "key");
        Checks.notNull(supplier, "supplier");
        while (true) {
            Flight flight = flights.get(key);
            if (flight == null) {
                Flight mine = new Flight(key);
                flight = flights.putIfAbsent(key, mine);
                if (flight == null) {
                    leaderCalls.increment();
                    CompletableFuture<T> run = backed == null ? Futures.invoke(supplier)
                            : backed.callAsync(key, supplier);
                    mine.stage = run;
                    run.whenComplete((value, failure) ->
                            land(mine, value, failure == null ? null : Futures.unwrap(failure)));
                    return dependent(mine, false);
                }
            }
            if (flight.join()) {
                sharedCalls.increment();
                return dependent(flight, true);
            }
            flights.remove(key, flight); // everyone gave up on that flight, which is being cancelled: start afresh
        }
    }

    /**
     * Detaches the call in flight for {@code key}, if any: its current waiters still receive its outcome, but the
     * next caller starts a new call. Does not cancel anything. A no-op for a key not in flight.
     */
    public void forget(Object key) {
        flights.remove(Checks.notNull(key, "key"));
    }

    /** The number of keys with a call in flight. */
    public int inFlight() {
        return flights.size();
    }

    public SingleFlightStats stats() {
        return new SingleFlightStats(flights.size(), leaderCalls.sum(), sharedCalls.sum(), backendFallbacks());
    }

    public EventSource<SingleFlightEvent> events() {
        return events;
    }

    private <T> T call(Object key, Callable<T> callable, long timeoutNanos, Duration timeout) throws Exception {
        Checks.notNull(key, "key");
        Checks.notNull(callable, "callable");
        while (true) {
            Flight flight = flights.get(key);
            if (flight == null) {
                Flight mine = new Flight(key);
                flight = flights.putIfAbsent(key, mine);
                if (flight == null) {
                    return lead(mine, callable);
                }
            }
            if (flight.join()) { // a synchronous follower holds the flight to its end, timed out or not
                return follow(flight, timeoutNanos, timeout);
            }
            flights.remove(key, flight); // everyone gave up on that flight, which is being cancelled: start afresh
        }
    }

    private <T> T lead(Flight flight, Callable<T> callable) throws Exception {
        leaderCalls.increment();
        T value;
        try {
            value = backed == null ? callable.call() : backed.call(flight.key, callable);
        } catch (Throwable failure) {
            land(flight, null, failure);
            completed(flight, false, failure);
            throw Futures.sneakyThrow(failure);
        }
        land(flight, value, null);
        completed(flight, false, null);
        return value;
    }

    @SuppressWarnings("unchecked")
    private <T> T follow(Flight flight, long timeoutNanos, Duration timeout) throws Exception {
        boolean timed = timeoutNanos != Long.MAX_VALUE;
        long deadline = timed ? ticker.read() + timeoutNanos : 0L; // read before joining: the wait starts now
        sharedCalls.increment();
        if (!flight.done.isDone()) {
            await(flight, timed, deadline, timeout);
        }
        Throwable failure = flight.failure;
        completed(flight, true, failure);
        if (failure != null) {
            throw Futures.sneakyThrow(failure);
        }
        return (T) flight.value;
    }

    private void await(Flight flight, boolean timed, long deadline, Duration timeout) throws InterruptedException {
        try {
            if (!timed) {
                flight.done.get();
                return;
            }
            // The ticker decides when the deadline has passed (so tests drive it); the real timed wait only bounds
            // how long we block before looking at the ticker again.
            for (long remaining = deadline - ticker.read(); remaining > 0; remaining = deadline - ticker.read()) {
                try {
                    flight.done.get(remaining, TimeUnit.NANOSECONDS);
                    return;
                } catch (TimeoutException notYet) {
                    // look at the ticker again
                }
            }
            if (!flight.done.isDone()) {
                throw new ResiliencyTimeoutException(name, "waiting for the call in flight", timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw e;
        } catch (ExecutionException impossible) {
            throw new IllegalStateException(impossible); // done never completes exceptionally
        }
    }

    /** Ends a flight: frees its key (unless forgotten and reused), then wakes its waiters. */
    private void land(Flight flight, Object value, Throwable failure) {
        flights.remove(flight.key, flight);
        flight.value = value;
        flight.failure = failure;
        flight.done.complete(flight);
    }

    @SuppressWarnings("unchecked")
    private <T> CompletableFuture<T> dependent(Flight flight, boolean shared) {
        CompletableFuture<T> result = new CompletableFuture<>();
        flight.done.whenComplete((landed, impossible) -> {
            try {
                completed(landed, shared, landed.failure);
            } finally { // an Error from an event listener must not leave this caller's future incomplete
                if (landed.failure != null) {
                    result.completeExceptionally(landed.failure);
                } else {
                    result.complete((T) landed.value);
                }
            }
        });
        // Completed before the flight landed: this caller gave up (cancelled it, or completed it itself). The last
        // one to give up cancels the shared stage, so that its inner work and permits do not outlive every caller.
        result.whenComplete((value, failure) -> {
            if (!flight.done.isDone()) {
                flight.leave();
            }
        });
        return result;
    }

    private void completed(Flight flight, boolean shared, Throwable failure) {
        if (events.hasListeners()) {
            events.publish(new SingleFlightEvent.FlightCompleted(name, flight.key, shared, failure));
        }
    }

    /** Builds a {@link SingleFlight}. */
    public static final class Builder {

        private final String name;
        private Ticker ticker = Ticker.system();
        private FlightBackend backend;
        private BackendFailureMode onBackendFailure = BackendFailureMode.LOCAL;

        private Builder(String name) {
            this.name = name;
        }

        /**
         * Coordinates flights through a backend shared by several processes (e.g. Redis), so that one call per key
         * runs in the whole cluster. Default: none (local). {@link #build()} asks the backend for this name's flights.
         */
        public Builder backend(FlightBackend backend) {
            this.backend = Checks.notNull(backend, "backend");
            return this;
        }

        /** What calls do while the backend is unreachable. Default {@link BackendFailureMode#LOCAL}. */
        public Builder onBackendFailure(BackendFailureMode mode) {
            this.onBackendFailure = Checks.notNull(mode, "onBackendFailure");
            return this;
        }

        /**
         * The clock of waiters' timeouts. Default {@link Ticker#system()}. A waiter decides it has timed out from
         * this ticker; in between it blocks for the remaining time, then reads the ticker again.
         */
        public Builder ticker(Ticker ticker) {
            this.ticker = Checks.notNull(ticker, "ticker");
            return this;
        }

        public SingleFlight build() {
            return new SingleFlight(this);
        }
    }
}
