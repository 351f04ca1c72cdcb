package dev.resiliency.ratelimiter;

import dev.resiliency.BackendFailureMode;
import dev.resiliency.BackendUnavailableException;
import dev.resiliency.DefaultExecutors;
import dev.resiliency.EventPublisher;
import dev.resiliency.EventSource;
import dev.resiliency.RateLimitedException;
import dev.resiliency.Scheduler;
import dev.resiliency.Sleeper;
import dev.resiliency.Ticker;
import dev.resiliency.internal.Checks;
import dev.resiliency.internal.Futures;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Limits how <em>often</em> calls run, with a token bucket: it holds up to {@code burstSize} tokens (full at
 * start), refills continuously at {@code rate} tokens per second, and a call takes {@code weight} tokens (1 by
 * default). A call that finds too few tokens is rejected with {@link RateLimitedException}, whose
 * {@link RateLimitedException#retryAfter() retryAfter} says when they will be there (rounded up to whole
 * milliseconds, at least 1 ms). The call runs in the caller's thread; tokens it took are not given back if it fails.
 *
 * <p>Options: {@code rate} (required, tokens per second, {@code > 0}), {@code burstSize} (required, {@code >= 1}),
 * {@code maxWait} (default 0: reject at once; otherwise a call whose tokens will be there within {@code maxWait}
 * <em>reserves</em> them at once and waits for them, through the {@code sleeper}, or the {@code scheduler} for
 * {@link #callAsync}; a call that would wait longer is rejected without taking anything), {@code ticker} (default
 * {@link Ticker#system()}), {@code sleeper} (default {@link Sleeper#system()}), {@code scheduler} (default
 * {@link DefaultExecutors#scheduler()}). Reserving makes waiting fair and exact: callers are served in the order
 * they reserved, and a reservation is final (an interrupted or cancelled waiter's tokens stay spent).
 *
 * <p>A weight below 1, or above {@code burstSize} (a call that could never be granted), is a programming error:
 * {@link IllegalArgumentException}, not a rejection.
 *
 * <p>Lock-free: taking tokens is one CAS on one {@code AtomicLong} (see {@link TokenBucket}); with refill at
 * nanosecond resolution. It never grants more than {@code burstSize + rate * elapsed} tokens, under any
 * contention. The per-call path allocates nothing.
 *
 * <p>Shared across processes: with a {@link Builder#backend(RateLimiterBackend) backend} (e.g. Redis) the bucket lives
 * there and every rate limiter of the same name on that backend draws from it, so the rate is the cluster's. While
 * the backend is unreachable the {@link Builder#onBackendFailure(BackendFailureMode) failure mode} applies: the local
 * bucket decides ({@link BackendFailureMode#LOCAL}, the default) or calls fail with
 * {@link BackendUnavailableException} ({@link BackendFailureMode#REJECT}); {@link RateLimiterStats#backendFallbacks()}
 * counts those calls. {@link #callAsync} then reserves off the caller's thread.
 */
public final class RateLimiter {

    private final String name;
    private final double rate;
    private final int burstSize;
    private final Duration maxWait;
    private final long maxWaitNanos;
    private final Ticker ticker;
    private final Sleeper sleeper;
    private final Scheduler scheduler;
    private final TokenBucket bucket;
    private final BackedBucket backed; // null without a backend: the local path is one null check away
    private final BackendFailureMode onBackendFailure;
    private final EventPublisher<RateLimiterEvent> events = new EventPublisher<>();
    private final LongAdder permitted = new LongAdder();
    private final LongAdder rejected = new LongAdder();

    private RateLimiter(Builder builder, long intervalNanos) {
        this.name = builder.name;
        this.rate = builder.rate;
        this.burstSize = builder.burstSize;
        this.maxWait = builder.maxWait;
        this.maxWaitNanos = Math.min(Checks.toNanos(builder.maxWait), TokenBucket.MAX_SPAN_NANOS);
        this.ticker = builder.ticker;
        this.sleeper = builder.sleeper;
        this.scheduler = builder.scheduler != null ? builder.scheduler : DefaultExecutors.scheduler();
        this.bucket = new TokenBucket(intervalNanos, burstSize, ticker);
        this.onBackendFailure = builder.onBackendFailure;
        this.backed = builder.backend == null ? null : new BackedBucket(name,
                Checks.notNull(builder.backend.bucket(name, rate, burstSize), "backend bucket"), bucket,
                onBackendFailure);
    }

    /** Starts a builder for a rate limiter named {@code name}; {@code rate} and {@code burstSize} are required. */
    public static Builder builder(String name) {
        return new Builder(Checks.name(name));
    }

    /** The name given to the builder; it appears in exceptions, events and metrics. */
    public String name() {
        return name;
    }

    /** Tokens added per second. */
    public double rate() {
        return rate;
    }

    /** The bucket's capacity, and its content at start. */
    public int burstSize() {
        return burstSize;
    }

    /** How long a call may wait for its tokens; {@link Duration#ZERO} means not at all. */
    public Duration maxWait() {
        return maxWait;
    }

    /** The bucket shared through the configured backend; empty for a local rate limiter. */
    public Optional<SharedBucket> sharedBucket() {
        return backed == null ? Optional.empty() : Optional.of(backed.shared());
    }

    /** What happens while the backend is unreachable; irrelevant without a backend. Default {@code LOCAL}. */
    public BackendFailureMode onBackendFailure() {
        return onBackendFailure;
    }

    /**
     * Calls decided without the backend because it was unreachable (cumulative; 0 without a backend). Cheap: unlike
     * {@link #stats()}, never asks the backend anything.
     */
    public long backendFallbacks() {
        return backed == null ? 0L : backed.fallbacks.sum();
    }

    /** {@link #call(int, Callable)} with weight 1. */
    public <T> T call(Callable<T> callable) throws Exception {
        return call(1, callable);
    }

    /**
     * Takes {@code weight} tokens (waiting for them up to {@code maxWait}), then runs {@code callable} in this thread.
     *
     * @throws RateLimitedException     if the tokens are not there (within {@code maxWait}); the callable did not run
     * @throws BackendUnavailableException if the backend is unreachable and the failure mode is {@code REJECT}
     * @throws IllegalArgumentException if {@code weight} is below 1 or above {@code burstSize}
     * @throws InterruptedException     if interrupted while waiting for reserved tokens (flag set again; the tokens
     *                                  stay spent)
     * @throws Exception                whatever the callable threw, unchanged
     */
    public <T> T call(int weight, Callable<T> callable) throws Exception {
        checkWeight(weight);
        if (callable == null) {
            throw new NullPointerException("callable must not be null");
        }
        long wait = reserve(weight, maxWaitNanos);
        if (wait < 0) {
            throw rejected(weight, -wait);
        }
        if (wait > 0) {
            try {
                sleeper.sleep(Duration.ofNanos(wait));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw e;
            }
        }
        permitted(weight);
        return callable.call();
    }

    /**
     * Takes {@code weight} tokens if they are there now; never waits, whatever {@code maxWait} says.
     *
     * @return true if taken
     * @throws IllegalArgumentException if {@code weight} is below 1 or above {@code burstSize}
     */
    public boolean tryAcquire(int weight) {
        checkWeight(weight);
        long wait = reserve(weight, 0L);
        if (wait < 0) {
            countRejection(weight, -wait);
            return false;
        }
        permitted(weight);
        return true;
    }

    /**
     * Takes {@code weight} tokens, waiting for them up to {@code maxWait}, for code that runs the protected work
     * itself. Like {@link java.util.concurrent.Semaphore#acquireUninterruptibly()}, an interrupt does not cut the
     * wait short (the tokens are already reserved); the interrupt flag is set again on return.
     *
     * @throws RateLimitedException     if the tokens will not be there within {@code maxWait}; nothing was taken
     * @throws IllegalArgumentException if {@code weight} is below 1 or above {@code burstSize}
     */
    public void acquire(int weight) {
        checkWeight(weight);
        long wait = reserve(weight, maxWaitNanos);
        if (wait < 0) {
            throw rejected(weight, -wait);
        }
        if (wait > 0) {
            sleepUninterruptibly(wait);
        }
        permitted(weight);
    }

    /** {@link #callAsync(int, Supplier)} with weight 1. */
    public <T> CompletableFuture<T> callAsync(Supplier<? extends CompletionStage<T>> supplier) {
        return callAsync(1, supplier);
    }

    /**
     * Takes {@code weight} tokens and starts the stage {@code supplier} returns. Never blocks: if the tokens are
     * reserved for later (within {@code maxWait}), the supplier is started then by the {@code scheduler}. The
     * returned future fails with {@link RateLimitedException} if the tokens are not there in time, or with the
     * stage's own failure. Cancelling it cancels the pending start or the running stage.
     *
     * @throws IllegalArgumentException if {@code weight} is below 1 or above {@code burstSize}
     */
    public <T> CompletableFuture<T> callAsync(int weight, Supplier<? extends CompletionStage<T>> supplier) {
        checkWeight(weight);
        if (supplier == null) {
            throw new NullPointerException("supplier must not be null");
        }
        if (backed != null) {
            return callAsyncShared(weight, supplier);
        }
        return admitAsync(weight, supplier, bucket.reserve(weight, maxWaitNanos));
    }

    private <T> CompletableFuture<T> admitAsync(int weight, Supplier<? extends CompletionStage<T>> supplier, long wait) {
        if (wait < 0) {
            return CompletableFuture.failedFuture(rejected(weight, -wait));
        }
        if (wait > 0) {
            return DelayedCall.schedule(this, scheduler, weight, supplier, wait);
        }
        permitted(weight);
        return Futures.invoke(supplier);
    }

    /** The backend may block on I/O: reserve off the caller's thread, then admit as usual. */
    private <T> CompletableFuture<T> callAsyncShared(int weight, Supplier<? extends CompletionStage<T>> supplier) {
        return SharedAsyncCall.start(backed.reserveAsync(weight, maxWaitNanos),
                wait -> admitAsync(weight, supplier, wait));
    }

    /** Tokens from the shared bucket when there is one, else from the local one; see {@link TokenBucket#reserve}. */
    private long reserve(int weight, long allowanceNanos) {
        BackedBucket shared = backed;
        return shared == null ? bucket.reserve(weight, allowanceNanos) : shared.reserve(weight, allowanceNanos);
    }

    /**
     * Fills the bucket to {@code burstSize} (the shared one too, with a backend). Tokens already reserved by waiting
     * callers are not taken back.
     *
     * @throws BackendUnavailableException if the shared bucket could not be reset (the local one was)
     */
    public void reset() {
        if (backed != null) {
            backed.reset();
        } else {
            bucket.refill();
        }
    }

    /**
     * A snapshot: the tokens projected to now (nothing is written; with a reachable backend, the shared bucket's)
     * and the cumulative counters.
     */
    public RateLimiterStats stats() {
        return new RateLimiterStats(backed != null ? backed.availableTokens() : bucket.available(), rate, burstSize,
                permitted.sum(), rejected.sum(), backendFallbacks());
    }

    /** Where to subscribe to {@link RateLimiterEvent}s. */
    public EventSource<RateLimiterEvent> events() {
        return events;
    }

    @Override
    public String toString() {
        return "RateLimiter[" + name + ", rate=" + rate + "/s, burstSize=" + burstSize + ", maxWait=" + maxWait + "]";
    }

    /** Counts and announces an admitted call. */
    void permitted(int weight) {
        permitted.increment();
        if (events.hasListeners()) {
            events.publish(new RateLimiterEvent.Permitted(name, weight));
        }
    }

    private RateLimitedException rejected(int weight, long waitNanos) {
        return new RateLimitedException(name, countRejection(weight, waitNanos));
    }

    private Duration countRejection(int weight, long waitNanos) {
        rejected.increment();
        Duration retryAfter = retryAfter(waitNanos);
        if (events.hasListeners()) {
            events.publish(new RateLimiterEvent.Rejected(name, weight, retryAfter));
        }
        return retryAfter;
    }

    /** Whole milliseconds, rounded up, at least one. */
    static Duration retryAfter(long waitNanos) {
        return Duration.ofMillis(Math.max(1L, (waitNanos + 999_999L) / 1_000_000L));
    }

    private void checkWeight(int weight) {
        if (weight < 1 || weight > burstSize) {
            throw invalidWeight(weight);
        }
    }

    private IllegalArgumentException invalidWeight(int weight) {
        if (weight < 1) {
            return new IllegalArgumentException("weight must be >= 1, got: " + weight);
        }
        return new IllegalArgumentException("weight " + weight + " exceeds burstSize " + burstSize
                + " of rate limiter '" + name + "': such a call could never be granted");
    }

    private void sleepUninterruptibly(long waitNanos) {
        long deadline = ticker.read() + waitNanos;
        boolean interrupted = false;
        long remaining = waitNanos;
        while (remaining > 0) {
            try {
                sleeper.sleep(Duration.ofNanos(remaining));
                break;
            } catch (InterruptedException e) {
                interrupted = true;
                remaining = deadline - ticker.read();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Builds a {@link RateLimiter}. {@code rate} and {@code burstSize} are required; values are checked by {@link #build()}. */
    public static final class Builder {

        private final String name;
        private double rate;
        private boolean rateSet;
        private int burstSize;
        private boolean burstSizeSet;
        private Duration maxWait = Duration.ZERO;
        private Ticker ticker = Ticker.system();
        private Sleeper sleeper = Sleeper.system();
        private Scheduler scheduler;
        private RateLimiterBackend backend;
        private BackendFailureMode onBackendFailure = BackendFailureMode.LOCAL;

        private Builder(String name) {
            this.name = name;
        }

        /** Required. Tokens added per second, {@code > 0} (fractions allowed: 0.5 is one token every 2 s). */
        public Builder rate(double tokensPerSecond) {
            this.rate = tokensPerSecond;
            this.rateSet = true;
            return this;
        }

        /** Required. Capacity of the bucket and its content at start, {@code >= 1}: the largest burst and weight. */
        public Builder burstSize(int burstSize) {
            this.burstSize = burstSize;
            this.burstSizeSet = true;
            return this;
        }

        /** How long a call may wait for its tokens, {@code >= 0}. Default 0: reject at once. */
        public Builder maxWait(Duration maxWait) {
            this.maxWait = Checks.notNull(maxWait, "maxWait");
            return this;
        }

        /** The clock the bucket refills by. Default {@link Ticker#system()}. */
        public Builder ticker(Ticker ticker) {
            this.ticker = Checks.notNull(ticker, "ticker");
            return this;
        }

        /** How sync calls wait for reserved tokens. Default {@link Sleeper#system()}. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Checks.notNull(sleeper, "sleeper");
            return this;
        }

        /** How async calls wait for reserved tokens. Default {@link DefaultExecutors#scheduler()}. */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Checks.notNull(scheduler, "scheduler");
            return this;
        }

        /**
         * Keeps the bucket in a backend shared by several processes (e.g. Redis) instead of this instance. Default:
         * none (local). {@link #build()} asks the backend for the bucket of this name.
         */
        public Builder backend(RateLimiterBackend backend) {
            this.backend = Checks.notNull(backend, "backend");
            return this;
        }

        /** What calls do while the backend is unreachable. Default {@link BackendFailureMode#LOCAL}. */
        public Builder onBackendFailure(BackendFailureMode mode) {
            this.onBackendFailure = Checks.notNull(mode, "onBackendFailure");
            return this;
        }

        /**
         * @throws IllegalArgumentException if {@code rate} or {@code burstSize} is missing or out of range,
         *     {@code maxWait} is negative, or an empty bucket would take more than 73 years to refill
         */
        public RateLimiter build() {
            if (!rateSet) {
                throw new IllegalArgumentException("rate is required (tokens per second, > 0) for rate limiter '" + name + "'");
            }
            if (!burstSizeSet) {
                throw new IllegalArgumentException("burstSize is required (>= 1) for rate limiter '" + name + "'");
            }
            Checks.positive(rate, "rate");
            Checks.positive(burstSize, "burstSize");
            Checks.nonNegative(maxWait, "maxWait");
            long interval = TokenBucket.intervalNanos(rate, burstSize);
            if (interval < 0) {
                throw new IllegalArgumentException("burstSize / rate (the time to refill an empty bucket) must be at most"
                        + " 73 years, got: burstSize " + burstSize + " and rate " + rate);
            }
            return new RateLimiter(this, interval);
        }
    }
}
