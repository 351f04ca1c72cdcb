package dev.resiliency.hedged;

import dev.resiliency.DefaultExecutors;
import dev.resiliency.EventPublisher;
import dev.resiliency.EventSource;
import dev.resiliency.ResiliencyTimeoutException;
import dev.resiliency.Scheduler;
import dev.resiliency.Ticker;
import dev.resiliency.internal.Checks;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.IntConsumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Hedged requests, against tail latency ("The Tail at Scale"): start the call; if no copy has succeeded after a
 * delay, start another copy of the same call, up to {@code maxRequests} copies in all. The first <em>success</em>
 * wins and every other copy is cancelled (interrupted).
 *
 * <ul>
 *   <li>The delay restarts after every event (a copy failing, a hedge firing): with three copies and a delay of
 *       100 ms, the third fires 100 ms after the last event, not at a fixed 200 ms.</li>
 *   <li>A failure that leaves no copy in flight fires the next copy at once, and so does a failure matching
 *       {@link Builder#nonFatal nonFatal}.</li>
 *   <li>Every copy failed: the most recent failure is rethrown unchanged (the same instance), the earlier ones
 *       added to it as suppressed. An {@link Error} from a copy ends the call at once, untouched.</li>
 *   <li>{@code timeout} (default 5 s) is an overall deadline: everything is cancelled and a
 *       {@link ResiliencyTimeoutException} is thrown. No copy is started once it has passed, not even when nothing
 *       is in flight (reference decision Q14).</li>
 *   <li>If {@code onHedge} or {@code nonFatal} throws, every copy is cancelled and the exception rethrown (Q13).</li>
 * </ul>
 *
 * <p><b>Adaptive mode</b> (the default): the delay is the {@code percentile} (95) of the latencies of recent calls
 * (the last {@code bufferSize} = 1000), clamped to [{@code minDelay} 1 ms, {@code maxDelay} 5 s], and
 * {@code initialDelay} (100 ms, unclamped) until {@code minSamples} (10) calls were recorded. A token bucket limits
 * how often calls may hedge: it starts full at {@code tokenMax} (10); every completed call adds
 * {@code tokenSuccessCredit} (0.1); a call's first hedge needs {@code tokens >= tokenThreshold} (1.0) and reserves
 * {@code tokenHedgeCost} (1.0) when it fires, so that concurrent slow calls cannot all hedge on the same tokens. In
 * steady state at most about credit / cost (10 %) of the calls hedge. A call refused a hedge runs its original copy
 * only. <b>Fixed mode</b>, chosen by setting {@link Builder#delay delay}: a fixed delay, no token throttling.
 *
 * <p>Every completed call (success, failure, timeout) is recorded in {@link #stats()}; calls cancelled by their
 * caller (an interrupted {@link #call}, a cancelled {@link #callAsync} future) are not.
 *
 * <p>Threads: in {@link #call} every copy runs on the {@code executor} (virtual threads on Java 21+, else a shared
 * daemon pool) while the caller thread waits; in {@link #callAsync} copies are the supplier's stages. Timers (the
 * hedge delay, the timeout) run on the {@code scheduler} and follow the {@code ticker} in both; those of
 * {@link #call} are coalesced, one scheduler timer per hedge delay rather than per call. With {@link Builder#primaryOnCallerThread primaryOnCallerThread}, {@link #call} runs the
 * original copy on the caller's thread instead (no hand-off unless a hedge fires; see the caveat there).
 * Thread-safe; configuration is immutable.
 */
public final class Hedged {

    private static final Predicate<Throwable> NEVER = failure -> false;
    private static final IntConsumer NO_OP = attempt -> {
    };

    private final String name;
    private final boolean adaptive;
    final int maxRequests;
    private final Duration timeout;
    final long timeoutNanos;
    final Predicate<? super Throwable> nonFatal;
    private final IntConsumer onHedge;
    final Executor executor;
    final Scheduler scheduler;
    final Ticker ticker;
    final HedgeTracker tracker;
    /** The timer of {@link #call}: wakes waiting callers and drives {@link CallerRun}s. */
    final HedgeWatch watch;
    private final boolean primaryOnCallerThread;
    private final EventPublisher<HedgedEvent> events = new EventPublisher<>();

    private Hedged(Builder builder) {
        this.name = builder.name;
        this.adaptive = builder.delay == null;
        this.maxRequests = builder.maxRequests;
        this.timeout = builder.timeout;
        // Capped so that deadline arithmetic (start + timeout) cannot overflow: ~146 years is "never".
        this.timeoutNanos = Math.min(Checks.toNanos(builder.timeout), Long.MAX_VALUE / 2);
        this.nonFatal = builder.nonFatal;
        this.onHedge = builder.onHedge;
        this.executor = builder.executor;
        this.scheduler = builder.scheduler;
        this.ticker = builder.ticker;
        this.tracker = new HedgeTracker(adaptive ? -1 : Checks.toNanos(builder.delay), builder.percentile,
                builder.bufferSize, Checks.toNanos(builder.minDelay), Checks.toNanos(builder.maxDelay),
                Checks.toNanos(builder.initialDelay), builder.minSamples, builder.tokenMax,
                builder.tokenSuccessCredit, builder.tokenHedgeCost, builder.tokenThreshold);
        this.watch = new HedgeWatch(this);
        this.primaryOnCallerThread = builder.primaryOnCallerThread;
    }

    /** Starts a builder for an instance named {@code name}; every option has a default. */
    public static Builder builder(String name) {
        return new Builder(Checks.name(name));
    }

    public String name() {
        return name;
    }

    /**
     * Runs {@code callable} hedged, each copy on the executor, and waits for the outcome. With
     * {@link Builder#primaryOnCallerThread primaryOnCallerThread}, the original copy runs on the calling thread.
     *
     * @return the first successful copy's value
     * @throws Exception the most recent copy's exception, unchanged, when every copy failed
     * @throws ResiliencyTimeoutException when the timeout ran out first
     * @throws InterruptedException when the caller was interrupted while waiting: every copy is cancelled and the
     *                              interrupt flag stays set
     */
    public <T> T call(Callable<T> callable) throws Exception {
        Checks.notNull(callable, "callable");
        // Zero delay is race mode (every copy at once, before any outcome): nothing to gain on the caller's thread.
        if (primaryOnCallerThread && tracker.delayNanos() != 0) {
            return new CallerRun<>(this, callable).call();
        }
        return new SyncRun<>(this, callable).call();
    }

    /**
     * Runs the supplier's stages hedged, without ever blocking the calling thread (the original copy's supplier is
     * invoked on it). The returned future fails with the same outcomes as {@link #call}; cancelling it cancels every
     * copy and timer.
     */
    public <T> CompletableFuture<T> callAsync(Supplier<? extends CompletionStage<T>> supplier) {
        Checks.notNull(supplier, "supplier");
        return new AsyncRun<>(this, supplier).start();
    }

    /** Counters, latency percentiles, the current delay and the tokens left. */
    public HedgedStats stats() {
        return tracker.stats();
    }

    /** {@link HedgedEvent.HedgeFired} before each hedge, {@link HedgedEvent.Completed} after each recorded call. */
    public EventSource<HedgedEvent> events() {
        return events;
    }

    /** Whether the delay comes from observed latencies (true unless a fixed {@code delay} was set). */
    public boolean adaptive() {
        return adaptive;
    }

    /** Total copies per call, the original included. */
    public int maxRequests() {
        return maxRequests;
    }

    /** The overall deadline of a call. */
    public Duration timeout() {
        return timeout;
    }

    /** Whether {@link #call} runs the original copy on the caller's thread. */
    public boolean primaryOnCallerThread() {
        return primaryOnCallerThread;
    }

    @Override
    public String toString() {
        return "Hedged[" + name + (adaptive ? ", adaptive" : ", fixed") + ", maxRequests=" + maxRequests
                + ", timeout=" + timeout + (primaryOnCallerThread ? ", primaryOnCallerThread" : "") + "]";
    }

    void hedgeFired(int attempt) {
        if (events.hasListeners()) {
            events.publish(new HedgedEvent.HedgeFired(name, attempt));
        }
        onHedge.accept(attempt);
    }

    void completed(long latencyNanos, boolean success, int dispatched, boolean hedged, boolean hedgeWon) {
        tracker.record(latencyNanos, hedged, hedgeWon);
        if (events.hasListeners()) {
            events.publish(new HedgedEvent.Completed(name, success, dispatched, hedgeWon, Duration.ofNanos(latencyNanos)));
        }
    }

    /**
     * Options of a {@link Hedged}. Setters reject null at once; {@link #build()} checks every rule and names the
     * option that breaks it.
     */
    public static final class Builder {

        private final String name;
        private Duration delay;
        private int maxRequests = 2;
        private Duration timeout = Duration.ofSeconds(5);
        private Predicate<? super Throwable> nonFatal = NEVER;
        private IntConsumer onHedge = NO_OP;
        private double percentile = 95;
        private int bufferSize = 1000;
        private Duration minDelay = Duration.ofMillis(1);
        private Duration maxDelay = Duration.ofSeconds(5);
        private Duration initialDelay = Duration.ofMillis(100);
        private int minSamples = 10;
        private double tokenMax = 10;
        private double tokenSuccessCredit = 0.1;
        private double tokenHedgeCost = 1.0;
        private double tokenThreshold = 1.0;
        private Executor executor = DefaultExecutors.executor();
        private Scheduler scheduler = DefaultExecutors.scheduler();
        private Ticker ticker = Ticker.system();
        private boolean primaryOnCallerThread;

        private Builder(String name) {
            this.name = name;
        }

        /** Switches to fixed mode with this delay before each hedge; {@code >= 0}, 0 fires every copy at once. */
        public Builder delay(Duration delay) {
            this.delay = Checks.notNull(delay, "delay");
            return this;
        }

        /** Total copies per call, the original included; {@code >= 1}, 1 disables hedging. Default 2. */
        public Builder maxRequests(int maxRequests) {
            this.maxRequests = maxRequests;
            return this;
        }

        /** Overall deadline of a call; {@code > 0}. Default 5 s. */
        public Builder timeout(Duration timeout) {
            this.timeout = Checks.notNull(timeout, "timeout");
            return this;
        }

        /** Failures that fire the next copy at once instead of waiting for the delay. Default: none. */
        public Builder nonFatal(Predicate<? super Throwable> nonFatal) {
            this.nonFatal = Checks.notNull(nonFatal, "nonFatal");
            return this;
        }

        /** Called before each hedge with its attempt number (2 for the first hedge). Default: nothing. */
        public Builder onHedge(IntConsumer onHedge) {
            this.onHedge = Checks.notNull(onHedge, "onHedge");
            return this;
        }

        /** Adaptive: the latency percentile used as the delay; in [0, 100]. Default 95. */
        public Builder percentile(double percentile) {
            this.percentile = percentile;
            return this;
        }

        /** Adaptive: how many recent latencies are kept; {@code >= 1}. Default 1000. */
        public Builder bufferSize(int bufferSize) {
            this.bufferSize = bufferSize;
            return this;
        }

        /** Adaptive: lower clamp of the delay; {@code >= 0}. Default 1 ms. */
        public Builder minDelay(Duration minDelay) {
            this.minDelay = Checks.notNull(minDelay, "minDelay");
            return this;
        }

        /** Adaptive: upper clamp of the delay; {@code >= minDelay}. Default 5 s. */
        public Builder maxDelay(Duration maxDelay) {
            this.maxDelay = Checks.notNull(maxDelay, "maxDelay");
            return this;
        }

        /** Adaptive: the delay until {@code minSamples} calls were recorded, not clamped; {@code >= 0}. Default 100 ms. */
        public Builder initialDelay(Duration initialDelay) {
            this.initialDelay = Checks.notNull(initialDelay, "initialDelay");
            return this;
        }

        /** Adaptive: recorded calls needed before the percentile is used; {@code >= 0}. Default 10. */
        public Builder minSamples(int minSamples) {
            this.minSamples = minSamples;
            return this;
        }

        /** Adaptive: capacity of the token bucket, which starts full; {@code >= 0}. Default 10. */
        public Builder tokenMax(double tokenMax) {
            this.tokenMax = tokenMax;
            return this;
        }

        /** Adaptive: tokens added by every completed call; {@code >= 0}. Default 0.1. */
        public Builder tokenSuccessCredit(double tokenSuccessCredit) {
            this.tokenSuccessCredit = tokenSuccessCredit;
            return this;
        }

        /** Adaptive: tokens a call's hedging costs, reserved when its first hedge fires; {@code >= 0}. Default 1.0. */
        public Builder tokenHedgeCost(double tokenHedgeCost) {
            this.tokenHedgeCost = tokenHedgeCost;
            return this;
        }

        /** Adaptive: tokens needed to hedge ({@code tokens >= threshold}); {@code >= 0}. Default 1.0. */
        public Builder tokenThreshold(double tokenThreshold) {
            this.tokenThreshold = tokenThreshold;
            return this;
        }

        /** Where {@link Hedged#call} runs the copies. Default {@link DefaultExecutors#executor()}. */
        public Builder executor(Executor executor) {
            this.executor = Checks.notNull(executor, "executor");
            return this;
        }

        /** Timers (hedge delay, timeout) of both {@code call} and {@code callAsync}. Default {@link DefaultExecutors#scheduler()}. */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Checks.notNull(scheduler, "scheduler");
            return this;
        }

        /**
         * Runs the original copy of a {@link Hedged#call blocking call} on the caller's thread instead of the
         * executor; hedges still run on the executor, fired by a {@code scheduler} timer. Default false.
         *
         * <p>A call whose hedge never fires (the common case) then costs no thread hand-off: a few tens of
         * nanoseconds instead of a few microseconds. The price: when a hedge wins, or the timeout passes, the
         * primary can only be stopped by interrupting the caller's thread. Hedged does that only while the primary
         * is still running and clears the interrupt it caused before {@code call} returns, so no interrupt leaks to
         * the caller (an interrupt from elsewhere arriving at that very moment is cleared with it). <b>Only
         * effective if the primary is interruptible</b>: the JDK {@code HttpClient}'s {@code send}, blocking queues
         * and {@code Thread.sleep} are; {@code HttpURLConnection}, classic socket reads and most JDBC drivers are not.
         * With an uninterruptible primary the caller waits for it to return, even after a hedge has won or the
         * timeout has passed, and then gets the winner's value or the timeout. An {@link InterruptedException} from
         * the primary that Hedged did not cause means the caller was interrupted: every copy is cancelled, the
         * call is not recorded and the exception is rethrown with the interrupt flag set. The {@code scheduler} must
         * accept timers: if it refuses one, the call fails with its exception before the primary runs.
         *
         * <p>While the primary runs, {@code onHedge}, {@code nonFatal} and the events of the call run on executor
         * threads. No effect on {@link Hedged#callAsync} (its original copy's supplier already runs on the caller),
         * nor with a zero delay (every copy starts at once on the executor).
         */
        public Builder primaryOnCallerThread(boolean primaryOnCallerThread) {
            this.primaryOnCallerThread = primaryOnCallerThread;
            return this;
        }

        /** The clock for deadlines and latencies. Default {@link Ticker#system()}. */
        public Builder ticker(Ticker ticker) {
            this.ticker = Checks.notNull(ticker, "ticker");
            return this;
        }

        /**
         * Builds the instance.
         *
         * @throws IllegalArgumentException naming the first option that breaks its rule
         */
        public Hedged build() {
            if (delay != null) {
                Checks.nonNegative(delay, "delay");
            }
            Checks.positive(maxRequests, "maxRequests");
            Checks.positive(timeout, "timeout");
            Checks.between(percentile, 0, 100, "percentile");
            Checks.positive(bufferSize, "bufferSize");
            Checks.nonNegative(minDelay, "minDelay");
            if (maxDelay.compareTo(minDelay) < 0) {
                throw new IllegalArgumentException("maxDelay must be >= minDelay (" + minDelay + "), got: " + maxDelay);
            }
            Checks.nonNegative(initialDelay, "initialDelay");
            Checks.nonNegative(minSamples, "minSamples");
            Checks.nonNegative(tokenMax, "tokenMax");
            Checks.nonNegative(tokenSuccessCredit, "tokenSuccessCredit");
            Checks.nonNegative(tokenHedgeCost, "tokenHedgeCost");
            Checks.nonNegative(tokenThreshold, "tokenThreshold");
            return new Hedged(this);
        }
    }
}
