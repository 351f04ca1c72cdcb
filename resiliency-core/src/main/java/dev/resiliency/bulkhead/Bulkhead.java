package dev.resiliency.bulkhead;

import dev.resiliency.BulkheadFullException;
import dev.resiliency.DefaultExecutors;
import dev.resiliency.EventPublisher;
import dev.resiliency.EventSource;
import dev.resiliency.Scheduler;
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
 * Limits how many calls run <em>at the same time</em>. A call takes one of {@code maxConcurrent} permits, runs
 * in the caller's thread and gives the permit back when it ends, however it ends (value, exception,
 * {@link Error}). When no permit is free the call is rejected with {@link BulkheadFullException} at once (the
 * default, {@code maxWait} 0) or waits up to {@code maxWait} in a strictly FIFO queue: a released permit goes
 * straight to the longest waiter and a newcomer never overtakes a queued caller.
 *
 * <p>Options: {@code maxConcurrent} (required, {@code >= 0}; 0 rejects every call whatever the wait, a kill
 * switch), {@code maxWait} (default 0; {@link #WAIT_FOREVER} waits without limit; can be overridden per call),
 * {@code ticker} (default {@link Ticker#system()}), {@code scheduler} (fires wait timeouts; default
 * {@link DefaultExecutors#scheduler()}).
 *
 * <p>A waiter whose wait runs out leaves the queue and gets {@link BulkheadFullException}. A waiter whose thread
 * is interrupted leaves the queue and throws {@link InterruptedException} with the interrupt flag set again; it
 * never holds a permit. {@link #callAsync} never blocks: a queued async call waits as a queue node and is started
 * by the caller that frees the permit; its permit is held until the supplier's stage completes.
 *
 * <p>Not re-entrant: a call made from inside a call of the same bulkhead needs a second permit (with
 * {@code maxConcurrent} 1 and no wait it is rejected; with a wait it waits for itself until its wait runs out).
 *
 * <p>When no caller waits, taking and giving back a permit is one CAS each, with no lock and no allocation.
 */
public final class Bulkhead {

    /** A {@code maxWait} meaning "wait as long as it takes". Any duration of at least 292 years means the same. */
    public static final Duration WAIT_FOREVER = Duration.ofNanos(Long.MAX_VALUE);

    private static final long FOREVER = Long.MAX_VALUE;

    private final String name;
    private final int maxConcurrent;
    private final Duration maxWait;
    private final long maxWaitNanos;
    private final Ticker ticker;
    private final Scheduler scheduler;
    private final EventPublisher<BulkheadEvent> events = new EventPublisher<>();
    /** Permits a waiter received just as it was interrupted, and gave back without running (the pool counts them). */
    private final LongAdder grantedNotRun = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final PermitPool pool;

    private Bulkhead(Builder builder, int maxConcurrent) {
        this.name = builder.name;
        this.maxConcurrent = maxConcurrent;
        this.maxWait = builder.maxWait;
        this.maxWaitNanos = Checks.toNanos(builder.maxWait);
        this.ticker = builder.ticker;
        this.scheduler = builder.scheduler != null ? builder.scheduler : DefaultExecutors.scheduler();
        this.pool = new PermitPool(maxConcurrent, name, events);
    }

    /** Starts a builder for a bulkhead named {@code name}; {@link Builder#maxConcurrent(int)} is required. */
    public static Builder builder(String name) {
        return new Builder(Checks.name(name));
    }

    /** The name given to the builder; it appears in exceptions, events and metrics. */
    public String name() {
        return name;
    }

    /** The number of permits. */
    public int maxConcurrent() {
        return maxConcurrent;
    }

    /** How long a call waits for a permit unless it says otherwise; {@link Duration#ZERO} means not at all. */
    public Duration maxWait() {
        return maxWait;
    }

    /**
     * Runs {@code callable} in this thread under a permit, waiting up to the configured {@code maxWait} for one.
     *
     * @return what the callable returned
     * @throws BulkheadFullException if no permit could be had in time; the callable did not run
     * @throws InterruptedException  if the thread was interrupted while waiting (the interrupt flag is set again)
     * @throws Exception             whatever the callable threw, unchanged
     */
    public <T> T call(Callable<T> callable) throws Exception {
        return execute(callable, maxWaitNanos);
    }

    /**
     * Like {@link #call(Callable)} with this call's own maximum wait ({@code >= 0}; 0 rejects at once when full,
     * {@link #WAIT_FOREVER} waits without limit).
     */
    public <T> T call(Callable<T> callable, Duration maxWait) throws Exception {
        return execute(callable, waitNanos(maxWait));
    }

    /**
     * Starts the stage {@code supplier} returns under a permit, holding the permit until the stage completes.
     * Never blocks: when full, the call waits (up to the configured {@code maxWait}) as a queue node. The returned
     * future fails with {@link BulkheadFullException} if no permit came in time, or with the stage's own failure.
     * Cancelling it while queued leaves the queue; while running, it cancels the stage.
     */
    public <T> CompletableFuture<T> callAsync(Supplier<? extends CompletionStage<T>> supplier) {
        return executeAsync(supplier, maxWaitNanos);
    }

    /** Like {@link #callAsync(Supplier)} with this call's own maximum wait ({@code >= 0}). */
    public <T> CompletableFuture<T> callAsync(Supplier<? extends CompletionStage<T>> supplier, Duration maxWait) {
        return executeAsync(supplier, waitNanos(maxWait));
    }

    /**
     * Rejects every queued caller with {@link BulkheadFullException} and forgets the permits held: calls still
     * running keep running and their permits are ignored when they end, so for a while more than
     * {@code maxConcurrent} calls can run. Meant for operators (e.g. after changing a downstream), not for normal flow.
     */
    public void reset() {
        pool.reset();
    }

    /** A snapshot of the permits, the queue and the cumulative counters. */
    public BulkheadStats stats() {
        int active = pool.active();
        return new BulkheadStats(maxConcurrent, active, Math.max(0, maxConcurrent - active), pool.waiting(),
                pool.granted() - grantedNotRun.sum(), rejected.sum());
    }

    /** Where to subscribe to {@link BulkheadEvent}s. */
    public EventSource<BulkheadEvent> events() {
        return events;
    }

    @Override
    public String toString() {
        return "Bulkhead[" + name + ", maxConcurrent=" + maxConcurrent + ", maxWait=" + maxWait + "]";
    }

    private <T> T execute(Callable<T> callable, long waitNanos) throws Exception {
        if (callable == null) {
            throw new NullPointerException("callable must not be null");
        }
        long epoch = pool.tryAcquire();
        if (epoch == PermitPool.NO_PERMIT) {
            epoch = awaitPermit(waitNanos);
        }
        try {
            permitted(); // inside the try: even an Error from a listener gives the permit back
            return callable.call();
        } finally {
            release(epoch);
        }
    }

    private long awaitPermit(long waitNanos) throws InterruptedException {
        if (maxConcurrent == 0 || waitNanos == 0) {
            throw rejected();
        }
        SyncWaiter waiter = new SyncWaiter(pool, Thread.currentThread());
        long epoch = pool.acquireOrEnqueue(waiter);
        if (epoch != PermitPool.NO_PERMIT) {
            return epoch;
        }
        boolean timed = waitNanos != FOREVER;
        // Wraps around for huge waits, which is fine: only the difference deadline - now is ever used.
        long deadline = ticker.read() + waitNanos;
        if (timed) {
            // The timer makes the wait end on an injected (fake) clock; the ticker check below makes it end on
            // time even if the scheduler's thread is late, or if the scheduler refuses the timer: the deadline
            // does not depend on it, so a refusal is not worth failing the call for.
            try {
                waiter.setTimer(scheduler.schedule(waiter, Duration.ofNanos(waitNanos)));
            } catch (RuntimeException refused) {
                // fall back on the ticker alone
            }
        }
        for (;;) {
            int status = waiter.status;
            if (status == Waiter.GRANTED) {
                return waiter.epoch;
            }
            if (status != Waiter.WAITING) {
                throw rejected(); // timed out or reset
            }
            if (Thread.interrupted()) {
                throw interrupted(waiter);
            }
            if (!timed) {
                LockSupport.park(this);
                continue;
            }
            long remaining = deadline - ticker.read();
            if (remaining > 0) {
                LockSupport.parkNanos(this, remaining);
            } else if (pool.leave(waiter, Waiter.TIMED_OUT)) {
                waiter.cancelTimer();
                throw rejected();
            }
        }
    }

    private InterruptedException interrupted(SyncWaiter waiter) {
        if (!pool.leave(waiter, Waiter.ABANDONED) && waiter.status == Waiter.GRANTED) {
            // Granted just as we were interrupted: an interrupted caller never keeps a permit, nor counts as permitted.
            grantedNotRun.increment();
            release(waiter.epoch);
        }
        waiter.cancelTimer();
        Thread.currentThread().interrupt();
        return new InterruptedException("Interrupted while waiting for a permit of bulkhead '" + name + "'");
    }

    private void release(long epoch) {
        Waiter next = pool.release(epoch);
        if (next != null) {
            AsyncBulkheadCall.runGranted((AsyncBulkheadCall<?>) next);
        }
    }

    private <T> CompletableFuture<T> executeAsync(Supplier<? extends CompletionStage<T>> supplier, long waitNanos) {
        if (supplier == null) {
            throw new NullPointerException("supplier must not be null");
        }
        long epoch = pool.tryAcquire();
        if (epoch == PermitPool.NO_PERMIT && (maxConcurrent == 0 || waitNanos == 0)) {
            return CompletableFuture.failedFuture(rejected());
        }
        AsyncBulkheadCall<T> call = new AsyncBulkheadCall<>(this, pool, supplier);
        if (epoch == PermitPool.NO_PERMIT) {
            epoch = pool.acquireOrEnqueue(call);
            if (epoch == PermitPool.NO_PERMIT) {
                call.watchCancellation();
                if (waitNanos != FOREVER) {
                    scheduleTimeout(call, waitNanos);
                }
                return call.result;
            }
        }
        call.epoch = epoch;
        call.watchCancellation();
        AsyncBulkheadCall.runGranted(call);
        return call.result;
    }

    private void scheduleTimeout(AsyncBulkheadCall<?> call, long waitNanos) {
        try {
            call.setTimer(scheduler.schedule(call, Duration.ofNanos(waitNanos)));
        } catch (RuntimeException refused) {
            // Nothing else would ever end this wait: leave the queue and fail, unless already granted.
            if (pool.leave(call, Waiter.ABANDONED)) {
                call.result.completeExceptionally(refused);
            }
        }
    }

    /** Counts and announces a granted permit. */
    /** Announces a call that got its permit; the count itself is kept by the pool (see {@link PermitPool}). */
    void permitted() {
        if (events.hasListeners()) {
            events.publish(new BulkheadEvent.CallPermitted(name));
        }
    }

    /** Counts and announces a rejection; returns the exception to throw or fail with. */
    BulkheadFullException rejected() {
        rejected.increment();
        if (events.hasListeners()) {
            events.publish(new BulkheadEvent.CallRejected(name));
        }
        return new BulkheadFullException(name, maxConcurrent);
    }

    private static long waitNanos(Duration maxWait) {
        if (maxWait == null) {
            throw new NullPointerException("maxWait must not be null");
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must be >= 0, got: " + maxWait);
        }
        return Checks.toNanos(maxWait);
    }

    /**
     * Builds a {@link Bulkhead}. {@code maxConcurrent} is required; everything else has a default. Values are
     * checked by {@link #build()}.
     */
    public static final class Builder {

        private final String name;
        private int maxConcurrent;
        private boolean maxConcurrentSet;
        private Duration maxWait = Duration.ZERO;
        private Ticker ticker = Ticker.system();
        private Scheduler scheduler;

        private Builder(String name) {
            this.name = name;
        }

        /** Required. How many calls may run at once, {@code >= 0}; 0 rejects every call. */
        public Builder maxConcurrent(int maxConcurrent) {
            this.maxConcurrent = maxConcurrent;
            this.maxConcurrentSet = true;
            return this;
        }

        /** How long a call waits for a permit, {@code >= 0}. Default 0: reject at once. {@link #WAIT_FOREVER}: no limit. */
        public Builder maxWait(Duration maxWait) {
            this.maxWait = Checks.notNull(maxWait, "maxWait");
            return this;
        }

        /** The clock deciding when a wait has run out. Default {@link Ticker#system()}. */
        public Builder ticker(Ticker ticker) {
            this.ticker = Checks.notNull(ticker, "ticker");
            return this;
        }

        /** Fires wait timeouts. Default {@link DefaultExecutors#scheduler()}. */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Checks.notNull(scheduler, "scheduler");
            return this;
        }

        /**
         * @throws IllegalArgumentException if {@code maxConcurrent} is missing or negative, or {@code maxWait} is negative
         */
        public Bulkhead build() {
            if (!maxConcurrentSet) {
                throw new IllegalArgumentException("maxConcurrent is required (>= 0) for bulkhead '" + name + "'");
            }
            Checks.nonNegative(maxConcurrent, "maxConcurrent");
            Checks.nonNegative(maxWait, "maxWait");
            return new Bulkhead(this, maxConcurrent);
        }
    }
}
