package dev.resiliency.semaphore;

import dev.resiliency.DefaultExecutors;
import dev.resiliency.EventPublisher;
import dev.resiliency.EventSource;
import dev.resiliency.ResiliencyTimeoutException;
import dev.resiliency.Scheduler;
import dev.resiliency.SemaphoreRejectedException;
import dev.resiliency.Ticker;
import dev.resiliency.internal.Checks;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * A semaphore of {@code max} permits where each call takes {@code weight} of them for as long as it runs, like Go's
 * {@code x/sync/semaphore}: the permits are taken before the call and always given back when it ends, however it
 * ends. Waiters are served in strict FIFO order, without barging: a call is admitted at once only if its weight fits
 * <em>and</em> nobody is queued, and a large waiter at the head of the queue blocks the smaller ones behind it
 * until it fits, so large calls are never starved.
 *
 * <ul>
 *   <li>{@link #acquire(int, Callable)} waits as long as needed; {@link #acquire(int, Callable, Duration)} waits up
 *       to a timeout, then leaves the queue and throws {@link ResiliencyTimeoutException}. The timeout covers the
 *       wait only: once admitted, the call runs to completion.</li>
 *   <li>{@link #tryAcquire(int, Callable)} never waits: it throws {@link SemaphoreRejectedException} when the
 *       permits are not free, or when anyone is queued (even if the raw capacity is there).</li>
 *   <li>{@link #acquireAsync(int, Supplier)} never blocks; a queued async call is started by the thread that frees
 *       its permits, so its supplier should only start the work and return the stage. Its timeout runs on the
 *       {@link Scheduler}. Cancelling the returned future while queued leaves the queue; while running, it cancels
 *       the supplier's stage.</li>
 * </ul>
 *
 * <p>Synchronous calls run in the caller thread, with no implicit time limit. A weight below 1 or above
 * {@code max} is a programming error ({@link IllegalArgumentException}) and never touches the queue. A thread
 * interrupted while it waits leaves the queue and throws {@link InterruptedException} with its interrupt flag set;
 * it never holds permits afterwards. An interrupt is only looked at when the caller has to wait.
 *
 * <p>{@link #stats()} counts permitted, rejected and timed-out calls; a waiter that gives up by interrupt or
 * cancellation is counted in none of them. {@link #events()} publishes {@link SemaphoreEvent}s.
 *
 * <p>Options: {@code max} (required, at least 1); {@code ticker} (default {@link Ticker#system()}) measures the
 * blocking timeouts; {@code scheduler} (default {@link DefaultExecutors#scheduler()}) fires the async ones.
 */
public final class WeightedSemaphore {

    private static final long FOREVER = Long.MAX_VALUE;

    private final String name;
    private final int max;
    private final Ticker ticker;
    private final Scheduler scheduler;
    private final Permits permits;
    private final EventPublisher<SemaphoreEvent> events = new EventPublisher<>();
    private final LongAdder permitted = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder timedOut = new LongAdder();

    private WeightedSemaphore(Builder builder) {
        this.name = builder.name;
        this.max = builder.max;
        this.ticker = builder.ticker;
        this.scheduler = builder.scheduler;
        this.permits = new Permits(max);
    }

    /** Starts building a semaphore named {@code name}; {@link Builder#max(int)} is required. */
    public static Builder builder(String name) {
        return new Builder(Checks.name(name));
    }

    public String name() {
        return name;
    }

    /** The capacity, in permits. */
    public int max() {
        return max;
    }

    /** Permits free right now. */
    public int available() {
        return max - permits.used();
    }

    /** Permits held right now by running calls. */
    public int current() {
        return permits.used();
    }

    /** Callers (blocking and async) waiting for permits right now. */
    public int queueLength() {
        return permits.waiters();
    }

    public WeightedSemaphoreStats stats() {
        long snapshot = permits.snapshot(); // one read: used and queue length from the same instant
        int used = Permits.used(snapshot);
        return new WeightedSemaphoreStats(max, used, max - used, Permits.waiters(snapshot), permitted.sum(),
                rejected.sum(), timedOut.sum());
    }

    public EventSource<SemaphoreEvent> events() {
        return events;
    }

    /**
     * Runs {@code callable} in this thread while holding {@code weight} permits, waiting for them as long as needed.
     *
     * @throws IllegalArgumentException if {@code weight} is below 1 or above {@link #max()}
     * @throws InterruptedException     if interrupted while waiting (the interrupt flag stays set)
     * @throws Exception                whatever {@code callable} throws, unchanged
     */
    public <T> T acquire(int weight, Callable<T> callable) throws Exception {
        return acquire(weight, callable, FOREVER, null);
    }

    /**
     * Like {@link #acquire(int, Callable)}, but waits for the permits at most {@code timeout}.
     *
     * @throws ResiliencyTimeoutException if the permits were not granted in time; the caller left the queue and
     *                                    {@code callable} did not run
     */
    public <T> T acquire(int weight, Callable<T> callable, Duration timeout) throws Exception {
        Checks.nonNegative(timeout, "timeout");
        return acquire(weight, callable, Checks.toNanos(timeout), timeout);
    }

    /**
     * Runs {@code callable} in this thread with {@code weight} permits if they are free now and nobody is queued.
     *
     * @throws SemaphoreRejectedException otherwise
     */
    public <T> T tryAcquire(int weight, Callable<T> callable) throws Exception {
        checkWeight(weight);
        Checks.notNull(callable, "callable");
        if (!permits.tryAcquire(weight)) {
            rejected.increment();
            if (events.hasListeners()) {
                events.publish(new SemaphoreEvent.Rejected(name, weight));
            }
            throw new SemaphoreRejectedException(name, weight, available(), queueLength());
        }
        return run(weight, callable);
    }

    /**
     * Calls {@code supplier} once {@code weight} permits are held and completes the returned future with its stage's
     * outcome; the permits are released when that stage completes. Never blocks the calling thread.
     */
    public <T> CompletableFuture<T> acquireAsync(int weight, Supplier<? extends CompletionStage<T>> supplier) {
        return acquireAsync(weight, supplier, FOREVER, null);
    }

    /**
     * Like {@link #acquireAsync(int, Supplier)}, but the returned future fails with
     * {@link ResiliencyTimeoutException} if the permits are not granted within {@code timeout}.
     */
    public <T> CompletableFuture<T> acquireAsync(int weight, Supplier<? extends CompletionStage<T>> supplier,
            Duration timeout) {
        Checks.nonNegative(timeout, "timeout");
        return acquireAsync(weight, supplier, Checks.toNanos(timeout), timeout);
    }

    private <T> T acquire(int weight, Callable<T> callable, long timeoutNanos, Duration timeout) throws Exception {
        checkWeight(weight);
        Checks.notNull(callable, "callable");
        if (!permits.tryAcquire(weight)) {
            await(weight, timeoutNanos, timeout);
        }
        return run(weight, callable);
    }

    /** Returns once {@code weight} permits are held by this thread; throws without holding any. */
    private void await(int weight, long timeoutNanos, Duration timeout) throws InterruptedException {
        if (timeoutNanos == 0) {
            throw timedOut(weight, timeout);
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("interrupted before waiting for permits of '" + name + "'");
        }
        boolean timed = timeoutNanos != FOREVER;
        long deadline = timed ? ticker.read() + timeoutNanos : 0L; // read before queueing: the wait starts now
        SyncWaiter waiter = new SyncWaiter(weight, Thread.currentThread());
        if (permits.acquireOrEnqueue(waiter) == Permits.ADMITTED) {
            return;
        }
        while (waiter.state != Waiter.GRANTED) {
            if (Thread.interrupted()) {
                if (!permits.abandon(waiter)) {
                    permits.release(weight); // granted at the same moment: give the permits straight back
                }
                Thread.currentThread().interrupt();
                throw new InterruptedException("interrupted while waiting for permits of '" + name + "'");
            }
            if (timed) {
                long remaining = deadline - ticker.read();
                if (remaining <= 0) {
                    if (permits.abandon(waiter)) {
                        throw timedOut(weight, timeout);
                    }
                    return; // granted just as the deadline passed: the wait is over, so run
                }
                LockSupport.parkNanos(this, remaining);
            } else {
                LockSupport.park(this);
            }
        }
    }

    private <T> T run(int weight, Callable<T> callable) throws Exception {
        try {
            onAcquired(weight);
            return callable.call();
        } finally {
            release(weight);
        }
    }

    private <T> CompletableFuture<T> acquireAsync(int weight, Supplier<? extends CompletionStage<T>> supplier,
            long timeoutNanos, Duration timeout) {
        checkWeight(weight);
        Checks.notNull(supplier, "supplier");
        AsyncWaiter<T> call = new AsyncWaiter<>(this, weight, supplier);
        call.result.whenComplete(call);
        if (permits.tryAcquire(weight)) {
            call.start();
        } else if (timeoutNanos == 0) {
            call.result.completeExceptionally(timedOut(weight, timeout));
        } else if (permits.acquireOrEnqueue(call) == Permits.ADMITTED) {
            call.start();
        } else if (timeoutNanos != FOREVER) {
            call.armTimer(timeout);
        }
        return call.result;
    }

    private void checkWeight(int weight) {
        if (weight < 1 || weight > max) {
            throw new IllegalArgumentException(
                    "weight must be between 1 and max (" + max + ") of semaphore '" + name + "', got: " + weight);
        }
    }

    private ResiliencyTimeoutException timedOut(int weight, Duration timeout) {
        onTimedOut(weight);
        return new ResiliencyTimeoutException(name, "waiting for " + weight + " permits", timeout);
    }

    Permits permits() {
        return permits;
    }

    Scheduler scheduler() {
        return scheduler;
    }

    void onAcquired(int weight) {
        permitted.increment();
        if (events.hasListeners()) {
            events.publish(new SemaphoreEvent.Acquired(name, weight));
        }
    }

    /** Gives back the permits of a call that ran. */
    void release(int weight) {
        permits.release(weight);
        if (events.hasListeners()) {
            events.publish(new SemaphoreEvent.Released(name, weight));
        }
    }

    void onTimedOut(int weight) {
        timedOut.increment();
        if (events.hasListeners()) {
            events.publish(new SemaphoreEvent.TimedOut(name, weight));
        }
    }

    /** Builds a {@link WeightedSemaphore}; {@link #max(int)} is required. */
    public static final class Builder {

        private final String name;
        private int max;
        private boolean maxSet;
        private Ticker ticker = Ticker.system();
        private Scheduler scheduler = DefaultExecutors.scheduler();

        private Builder(String name) {
            this.name = name;
        }

        /** The capacity, in permits. Required, at least 1. */
        public Builder max(int max) {
            this.max = max;
            this.maxSet = true;
            return this;
        }

        /**
         * The clock of blocking timeouts. Default {@link Ticker#system()}. A blocked waiter decides it has timed out
         * from this ticker; in between it parks for the remaining time, then reads the ticker again.
         */
        public Builder ticker(Ticker ticker) {
            this.ticker = Checks.notNull(ticker, "ticker");
            return this;
        }

        /** Fires the timeouts of async calls. Default {@link DefaultExecutors#scheduler()}. */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Checks.notNull(scheduler, "scheduler");
            return this;
        }

        /**
         * @throws IllegalArgumentException if {@code max} was not set or is below 1
         */
        public WeightedSemaphore build() {
            if (!maxSet) {
                throw new IllegalArgumentException("max is required (a number of permits >= 1)");
            }
            Checks.positive(max, "max");
            return new WeightedSemaphore(this);
        }
    }
}
