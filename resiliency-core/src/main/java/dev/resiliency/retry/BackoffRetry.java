package dev.resiliency.retry;

import dev.resiliency.DefaultExecutors;
import dev.resiliency.EventPublisher;
import dev.resiliency.EventSource;
import dev.resiliency.RetryAbortedException;
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
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Runs a call and retries it when it fails, waiting between attempts according to a {@link Backoff}.
 *
 * <p>Per failed attempt, in this order: if no attempt is left (or a finite backoff is exhausted) the call ends;
 * else if {@code retryIf} declines the exception the call ends; else if a {@code budget} is set and the wait would
 * end after {@code start + budget} the call ends; else a {@link RetryEvent.Retrying} event is published,
 * {@code onRetry} is called, and the thread waits ({@code callAsync}: a timer is scheduled). A call that ends
 * after failing rethrows the last exception unchanged (the same instance, checked ones included), or returns the
 * last value when it was rejected by {@code retryOnResult}.
 *
 * <p>Not retried, whatever {@code retryIf} says: {@code throw BackoffRetry.abort(e)} (rethrows {@code e} at once,
 * outcome {@link RetryOutcome#ABORTED}); any {@link Error}; an {@link InterruptedException} thrown by the call
 * (the interrupt flag is restored). Interrupted while waiting between attempts: retrying stops, the interrupt
 * flag is restored, and the last failure is rethrown with the {@link InterruptedException} added as suppressed
 * (or the last rejected value is returned). An exception thrown by {@code retryIf}, {@code retryOnResult},
 * {@code onRetry}, the backoff or the sleeper ends the call with that exception.
 *
 * <p>Defaults: maxAttempts 3 (attempts in total, the first included), backoff {@link BackoffType#EXPONENTIAL}
 * with baseDelay 100 ms and multiplier 2 (so 100 ms then 200 ms), maxDelay 5 s (caps every delay, custom
 * backoffs included, after jitter), no jitter, no budget, retry on every exception, no result predicate.
 *
 * <p>Thread-safe and stateless apart from its counters: one instance serves any number of concurrent calls. A
 * call whose first attempt succeeds takes no lock and allocates nothing (with no event listener registered).
 *
 * <pre>{@code
 * BackoffRetry retry = BackoffRetry.builder("inventory")
 *         .maxAttempts(4).baseDelay(Duration.ofMillis(200)).jitter(0.25)
 *         .retryIf(e -> e instanceof IOException)
 *         .build();
 * Stock stock = retry.call(() -> client.fetchStock(sku));
 * }</pre>
 */
public final class BackoffRetry {

    static final long NO_BUDGET = -1L;
    private static final Predicate<Throwable> ALWAYS = error -> true;

    private final String name;
    private final int maxAttempts;
    private final Backoff backoff;
    private final long budgetNanos;
    private final Predicate<? super Throwable> retryIf;
    private final Predicate<Object> retryOnResult;
    private final RetryListener onRetry;
    private final Ticker ticker;
    private final Sleeper sleeper;
    private final Scheduler scheduler;
    private final Executor executor;
    private final EventPublisher<RetryEvent> events = new EventPublisher<>();

    private final RetryRecorder recorder;

    private BackoffRetry(Builder builder, Backoff backoff) {
        this.name = builder.name;
        this.maxAttempts = builder.maxAttempts;
        this.backoff = backoff;
        this.budgetNanos = builder.budget == null ? NO_BUDGET : Checks.toNanos(builder.budget);
        this.retryIf = builder.retryIf;
        this.retryOnResult = builder.retryOnResult;
        this.onRetry = builder.onRetry;
        this.ticker = builder.ticker;
        this.sleeper = builder.sleeper;
        this.scheduler = builder.scheduler;
        this.executor = builder.executor;
        this.recorder = new RetryRecorder(name, events);
    }

    /** Starts a builder for a retry named {@code name} (used in events, metrics and logs). */
    public static Builder builder(String name) {
        return new Builder(Checks.name(name));
    }

    /**
     * Wraps {@code cause} in the marker that stops retrying at once: {@code throw BackoffRetry.abort(e)} inside the
     * call makes it rethrow {@code e} unchanged (without consulting {@code retryIf} or {@code onRetry}). Only one
     * level is unwrapped; with a {@code null} cause the marker itself is rethrown.
     */
    public static RetryAbortedException abort(Throwable cause) {
        return new RetryAbortedException(cause);
    }

    /** The name given to {@link #builder(String)}. */
    public String name() {
        return name;
    }

    /** Attempts in total, the first included. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** The effective delay strategy: the chosen backoff with jitter and the {@code maxDelay} cap applied. */
    public Backoff backoff() {
        return backoff;
    }

    /** The wall-clock ceiling of a call, retries and waits included; empty when there is none. */
    public Optional<Duration> budget() {
        return budgetNanos == NO_BUDGET ? Optional.empty() : Optional.of(Duration.ofNanos(budgetNanos));
    }

    /** The events of this retry: a {@link RetryEvent.Retrying} per retry, a {@link RetryEvent.Finished} per call. */
    public EventSource<RetryEvent> events() {
        return events;
    }

    /** A snapshot of the cumulative counters. */
    public RetryStats stats() {
        return recorder.snapshot();
    }

    /**
     * Runs {@code callable} on the calling thread, retrying it as described in the class documentation, and
     * returns its value; rethrows the last failure unchanged.
     */
    public <T> T call(Callable<T> callable) throws Exception {
        if (callable == null) {
            throw new NullPointerException("callable must not be null"); // not Checks.notNull: its lambda captures
        }
        final long start = startTime();
        for (int attempt = 1; ; attempt++) {
            T result = null;
            Exception error = null;
            try {
                result = callable.call();
            } catch (RetryAbortedException abort) {
                throw Futures.sneakyThrow(recorder.aborted(attempt, abort));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                recorder.failure(attempt, interrupted);
                throw interrupted;
            } catch (Exception e) {
                error = e;
            } catch (Error e) {
                recorder.failure(attempt, e);
                throw e;
            }
            boolean succeeded = false;
            Duration delay = null;
            try {
                if (error == null && !isRejected(result)) {
                    succeeded = true;
                } else {
                    delay = retryDelay(attempt, error, result, start);
                    if (delay != null) {
                        sleeper.sleep(delay);
                    }
                }
            } catch (InterruptedException interrupted) {
                // Interrupted while waiting: the caller wants us to stop, so stop retrying and report the failure
                // we already have (the interrupt is not the call's failure), keeping the interrupt visible.
                Thread.currentThread().interrupt();
                if (error != null) {
                    error.addSuppressed(interrupted);
                }
                delay = null;
            } catch (Throwable callbackFailure) {
                recorder.failure(attempt, callbackFailure);
                throw Futures.sneakyThrow(callbackFailure);
            }
            if (succeeded) {
                recorder.success(attempt);
                return result;
            }
            if (delay == null) {
                recorder.failure(attempt, error);
                if (error != null) {
                    throw error;
                }
                return result;
            }
            recorder.retry();
        }
    }

    /**
     * Calls {@code supplier} and, when the stage it returns fails, calls it again after the delay, scheduled on the
     * {@link Scheduler}: the caller thread never blocks and no thread sleeps. Same decisions, events and counters
     * as {@link #call(Callable)}; the returned future fails with the last failure itself (unwrapped) or
     * completes with the last value. Cancelling (or otherwise completing) the returned future stops further
     * attempts, cancels the pending timer and the current attempt's future, and counts the call as a failure.
     * Retries are started on the {@code executor}, never on the shared timer thread.
     */
    public <T> CompletableFuture<T> callAsync(Supplier<? extends CompletionStage<T>> supplier) {
        Checks.notNull(supplier, "supplier");
        return new AsyncRetry<>(this, supplier).start();
    }

    // ---- decisions and bookkeeping shared by the sync and async paths ----

    long startTime() {
        return budgetNanos == NO_BUDGET ? 0L : ticker.read();
    }

    /** Whether a returned value is a failure to retry. */
    boolean isRejected(Object result) {
        return retryOnResult != null && retryOnResult.test(result);
    }

    /**
     * Decides whether the failed {@code attempt} is retried; if so publishes the event, calls {@code onRetry} and
     * returns the wait before the next attempt, else returns {@code null}.
     */
    Duration retryDelay(int attempt, Throwable error, Object result, long start) {
        if (attempt >= maxAttempts || error instanceof InterruptedException) {
            return null;
        }
        long nanos = backoff.delayNanos(attempt);
        if (nanos < 0L || (error != null && !retryIf.test(error))) {
            return null;
        }
        // Stop when the wait would end after the deadline: delay > budget - elapsed, written so nothing overflows.
        if (budgetNanos != NO_BUDGET && nanos > budgetNanos - (ticker.read() - start)) {
            return null;
        }
        Duration delay = Duration.ofNanos(nanos);
        if (events.hasListeners()) {
            events.publish(new RetryEvent.Retrying(name, attempt, delay, error, result));
        }
        if (onRetry != null) {
            onRetry.onRetry(attempt, delay, error, result);
        }
        return delay;
    }

    RetryRecorder recorder() {
        return recorder;
    }

    Scheduler scheduler() {
        return scheduler != null ? scheduler : DefaultExecutors.scheduler();
    }

    Executor executor() {
        return executor != null ? executor : DefaultExecutors.executor();
    }

    @Override
    public String toString() {
        return "BackoffRetry[" + name + ", maxAttempts=" + maxAttempts + ", backoff=" + backoff + "]";
    }

    /**
     * Configures a {@link BackoffRetry}. Every option has a default (see the class documentation); ranges are
     * checked by {@link #build()}, null arguments at once.
     */
    public static final class Builder {
        private final String name;
        private int maxAttempts = 3;
        private BackoffType backoffType = BackoffType.EXPONENTIAL;
        private Backoff customBackoff;
        private Duration baseDelay = Duration.ofMillis(100);
        private Duration maxDelay = Duration.ofSeconds(5);
        private double multiplier = 2.0;
        private Duration increment = Duration.ofMillis(100);
        private double jitter;
        private Duration budget;
        private Predicate<? super Throwable> retryIf = ALWAYS;
        private Predicate<Object> retryOnResult;
        private RetryListener onRetry;
        private Ticker ticker = Ticker.system();
        private Sleeper sleeper = Sleeper.system();
        private Scheduler scheduler;
        private Executor executor;

        private Builder(String name) {
            this.name = name;
        }

        /** Attempts in total, the first included; default 3, at least 1 (1 = never retry). */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** A built-in strategy; default {@link BackoffType#EXPONENTIAL}. Replaces a custom backoff. */
        public Builder backoff(BackoffType type) {
            this.backoffType = Checks.notNull(type, "backoff");
            this.customBackoff = null;
            return this;
        }

        /**
         * A custom strategy, replacing the type (baseDelay, multiplier and increment then do not apply; jitter and
         * maxDelay still do). A finite one limits the attempts to its length + 1.
         */
        public Builder backoff(Backoff custom) {
            this.customBackoff = Checks.notNull(custom, "backoff");
            return this;
        }

        /** The first delay of the built-in strategies; default 100 ms, at least 0. */
        public Builder baseDelay(Duration baseDelay) {
            this.baseDelay = Checks.notNull(baseDelay, "baseDelay");
            return this;
        }

        /** The cap of every delay, custom backoffs and jitter included; default 5 s, at least 0. */
        public Builder maxDelay(Duration maxDelay) {
            this.maxDelay = Checks.notNull(maxDelay, "maxDelay");
            return this;
        }

        /** The growth factor of {@link BackoffType#EXPONENTIAL}; default 2.0, at least 1.0 (1.0 = constant). */
        public Builder multiplier(double multiplier) {
            this.multiplier = multiplier;
            return this;
        }

        /** The step of {@link BackoffType#LINEAR}; default 100 ms, at least 0. */
        public Builder increment(Duration increment) {
            this.increment = Checks.notNull(increment, "increment");
            return this;
        }

        /** Randomizes each delay d in {@code [d(1-p), d(1+p)]}; default 0 (none), between 0 and 1. */
        public Builder jitter(double proportion) {
            this.jitter = proportion;
            return this;
        }

        /**
         * A wall-clock ceiling for the whole call: no retry whose wait would end after {@code start + budget}. A
         * running attempt is never interrupted. Default none; greater than 0 when set.
         */
        public Builder budget(Duration budget) {
            this.budget = Checks.notNull(budget, "budget");
            return this;
        }

        /** Which exceptions are retried; default all. Consulted only when another attempt remains. */
        public Builder retryIf(Predicate<? super Throwable> retryIf) {
            this.retryIf = Checks.notNull(retryIf, "retryIf");
            return this;
        }

        /** Returned values that count as failures and are retried (when exhausted, the last one is returned). */
        public Builder retryOnResult(Predicate<Object> retryOnResult) {
            this.retryOnResult = Checks.notNull(retryOnResult, "retryOnResult");
            return this;
        }

        /** Called before each wait, after the {@link RetryEvent.Retrying} event; default none. */
        public Builder onRetry(RetryListener onRetry) {
            this.onRetry = Checks.notNull(onRetry, "onRetry");
            return this;
        }

        /** The clock of the budget; default {@link Ticker#system()}. */
        public Builder ticker(Ticker ticker) {
            this.ticker = Checks.notNull(ticker, "ticker");
            return this;
        }

        /** How {@link #call} waits between attempts; default {@link Sleeper#system()}. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Checks.notNull(sleeper, "sleeper");
            return this;
        }

        /** The timer of {@link #callAsync} between attempts; default {@link DefaultExecutors#scheduler()}. */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Checks.notNull(scheduler, "scheduler");
            return this;
        }

        /**
         * Where {@link #callAsync} starts its retries once their timer fires, so that a supplier doing some work
         * before returning its stage never holds up the shared timer thread; default
         * {@link DefaultExecutors#executor()}.
         */
        public Builder executor(Executor executor) {
            this.executor = Checks.notNull(executor, "executor");
            return this;
        }

        /** Validates every option and builds the retry. */
        public BackoffRetry build() {
            Checks.positive(maxAttempts, "maxAttempts");
            Checks.nonNegative(baseDelay, "baseDelay");
            Checks.nonNegative(maxDelay, "maxDelay");
            Backoffs.checkMultiplier(multiplier);
            Checks.nonNegative(increment, "increment");
            Checks.between(jitter, 0.0, 1.0, "jitter");
            if (budget != null) {
                Checks.positive(budget, "budget");
            }
            Backoff strategy = customBackoff != null ? customBackoff : switch (backoffType) {
                case EXPONENTIAL -> Backoff.exponential(baseDelay, multiplier);
                case LINEAR -> Backoff.linear(baseDelay, increment);
                case CONSTANT -> Backoff.constant(baseDelay);
            };
            // Jitter before the cap: maxDelay is a promise about every wait, so nothing may exceed it.
            return new BackoffRetry(this, strategy.withJitter(jitter).cappedAt(maxDelay));
        }
    }
}
