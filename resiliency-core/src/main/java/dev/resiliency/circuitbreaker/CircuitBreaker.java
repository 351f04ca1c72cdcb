package dev.resiliency.circuitbreaker;

import dev.resiliency.CircuitOpenException;
import dev.resiliency.EventPublisher;
import dev.resiliency.EventSource;
import dev.resiliency.Ticker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Stops calling a dependency that keeps failing, and lets it recover before trying again.
 *
 * <p>While {@link State#CLOSED CLOSED} every call is permitted and its outcome (success or failure, and whether
 * it was slow) goes into a sliding window: the last {@code windowSize} calls (default 100), or the calls of the
 * last {@code windowSize} seconds with {@link SlidingWindowType#TIME}. Once the window holds at least
 * {@code minimumCalls} outcomes (default 10), a failure rate at or above {@code failureRateThreshold} (default
 * 0.5), or a slow-call rate at or above {@code slowCallRateThreshold} (default 1.0; no call is slow unless
 * {@code slowCallThreshold} is set), trips the breaker {@link State#OPEN OPEN}: calls are rejected at once with
 * {@link CircuitOpenException}. After {@code openTimeout} (default 60s) the first request for permission moves it
 * to {@link State#HALF_OPEN HALF_OPEN}, which lets {@code permittedCallsInHalfOpen} probes through (default 1).
 * When all of them are recorded, rates at or above a threshold reopen it, otherwise it closes with an empty
 * window. {@link #forceOpen()} holds it in {@link State#FORCED_OPEN FORCED_OPEN} until {@link #reset()} or
 * {@link #forceClose()}.
 *
 * <p>Any thrown {@link Exception} is a failure unless {@code recordFailure} says otherwise (then it is a
 * success) or {@code ignoreException} matches (then it counts as neither and frees its half-open permit). An
 * {@link Error} is always a failure and is rethrown. A returned value is a failure when {@code recordResult}
 * matches it; the value is still returned. Outcomes are recorded before {@code call} returns.
 *
 * <p>Thread-safe and lock-free: while closed, {@link #call} takes no lock and allocates nothing of its own. The
 * state is an immutable {@code Phase} swapped by CAS; a call is tagged with the phase that permitted it and its
 * outcome is dropped if the breaker has moved on since (a call permitted while closed that ends after the
 * breaker opened does not count in the next period). Time comes from the {@link Ticker} only; there is no timer
 * thread: OPEN turns HALF_OPEN lazily, on the first {@link #tryAcquirePermission() permission request},
 * {@link #state()} or {@link #stats()} after {@code openTimeout}. The ticker is read only when something needs
 * the time: a call's start and end with a {@code slowCallThreshold} or a subscribed listener (events carry the
 * duration), its end with a TIME window, and a transition. A closed COUNT-window breaker without either reads
 * no clock at all.
 */
public final class CircuitBreaker {

    /** The states of a breaker. */
    public enum State {
        /** Calls are permitted and rated. */
        CLOSED,
        /** Tripped: calls are rejected until {@code openTimeout} has passed. */
        OPEN,
        /** A limited number of probe calls are permitted; their outcomes decide between CLOSED and OPEN. */
        HALF_OPEN,
        /** Opened by {@link #forceOpen()}: calls are rejected until {@link #reset()} or {@link #forceClose()}. */
        FORCED_OPEN
    }

    /**
     * Permission to make one call, for code that cannot be wrapped in a {@link Callable}: record exactly one
     * outcome, or close it. One-shot: only the first of {@code onSuccess}, {@code onFailure}, {@code onIgnore} or
     * {@code close} counts; the others do nothing. Closing a permit that recorded nothing records a failure, so
     * try-with-resources can never leak a half-open probe. The call's duration (for slow-call detection) runs
     * from the permit's grant to its record. An outcome recorded after the breaker changed state is dropped.
     *
     * <pre>{@code
     * try (CircuitBreaker.Permit permit = breaker.acquirePermission()) {
     *     Response r = client.send(request);
     *     if (r.status() >= 500) permit.onFailure(new ServerError(r)); else permit.onSuccess();
     * }
     * }</pre>
     */
    public interface Permit extends AutoCloseable {

        /** Records a success. */
        void onSuccess();

        /**
         * Records {@code error}, classified like a thrown exception in {@link #call} ({@code recordFailure},
         * {@code ignoreException}; an {@link Error} is a failure). A null {@code error} is a failure.
         */
        void onFailure(Throwable error);

        /** Counts the call as neither success nor failure, and gives back a half-open permit. */
        void onIgnore();

        /** Records a failure if nothing was recorded yet. */
        @Override
        void close();
    }

    private static final VarHandle PHASE;

    static {
        try {
            PHASE = MethodHandles.lookup().findVarHandle(CircuitBreaker.class, "phase", Phase.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    private final CircuitBreakerConfig config;
    private final Ticker ticker;
    private final long openTimeoutNanos;
    private final long slowCallNanos;
    /** Whether a call's duration decides something: only with a {@code slowCallThreshold}. */
    private final boolean slowCallsTimed;
    /** Whether recording needs the time the call ended: the TIME window buckets outcomes by it. */
    private final boolean timeWindow;
    private final Thresholds thresholds;
    private final Classifier classifier;
    private final EventPublisher<CircuitBreakerEvent> events = new EventPublisher<>();
    private final TransitionNotifier notifier;
    private final LongAdder successfulCalls = new LongAdder();
    private final LongAdder failedCalls = new LongAdder();
    private final LongAdder ignoredCalls = new LongAdder();
    private final LongAdder rejectedCalls = new LongAdder();
    private volatile Phase phase;

    CircuitBreaker(CircuitBreakerBuilder builder) {
        this.name = builder.name;
        this.config = builder.config();
        this.ticker = builder.ticker;
        this.openTimeoutNanos = builder.openTimeoutNanos();
        this.slowCallNanos = builder.slowCallNanos();
        this.slowCallsTimed = slowCallNanos != Long.MAX_VALUE;
        this.timeWindow = config.slidingWindowType() == SlidingWindowType.TIME;
        this.thresholds = new Thresholds(config.minimumCalls(), config.failureRateThreshold(),
                config.slowCallRateThreshold());
        this.classifier = new Classifier(name, builder.recordFailure, builder.ignoreException, builder.recordResult);
        this.notifier = new TransitionNotifier(name, events, builder.listeners(), 0);
        this.phase = Phase.closed(0, SlidingWindow.create(config, thresholds));
    }

    /** Starts a builder for a breaker named {@code name} (used in exceptions, events and metrics). */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    /** The effective options. */
    public CircuitBreakerConfig config() {
        return config;
    }

    /** Subscribe here to this breaker's {@link CircuitBreakerEvent}s. */
    public EventSource<CircuitBreakerEvent> events() {
        return events;
    }

    /**
     * Runs {@code callable} in the caller's thread if the breaker permits it, records its outcome, and returns its
     * result or rethrows its exception unchanged (an {@link InterruptedException} also restores the interrupt flag).
     *
     * @throws CircuitOpenException if the breaker is open, forced open, or half-open with no probe permit left;
     *                              the callable is not run
     */
    public <T> T call(Callable<T> callable) throws Exception {
        if (callable == null) {
            throw new NullPointerException("callable must not be null");
        }
        Phase permitted = acquireOrThrow();
        boolean timed = timesCall();
        long start = timed ? ticker.read() : 0L;
        T result;
        try {
            result = callable.call();
        } catch (Throwable failure) {
            complete(permitted, classifier.classify(failure), timed, start, failure);
            if (failure instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw failure;
        }
        complete(permitted, classifier.classifyResult(result), timed, start, null);
        return result;
    }

    /**
     * Async {@link #call}: never blocks. When rejected, returns a future failed with {@link CircuitOpenException}
     * and does not call {@code supplier}. Otherwise the outcome is recorded when the stage completes, before the
     * returned future completes; a failure arrives unwrapped as the cause. Cancelling the returned future records
     * the call as ignored (giving back a half-open permit) and cancels the supplier's future; completing it by
     * other means first (e.g. {@code orTimeout}) records that completion instead.
     */
    public <T> CompletableFuture<T> callAsync(Supplier<? extends CompletionStage<T>> supplier) {
        if (supplier == null) {
            throw new NullPointerException("supplier must not be null");
        }
        Phase permitted = tryAcquire();
        if (permitted == null) {
            return CompletableFuture.failedFuture(rejection());
        }
        return AsyncCall.start(this, new CallPermit(this, permitted), supplier);
    }

    /**
     * Asks for permission to make one call without throwing: empty when rejected (counted as a rejected call).
     * A granted permit must be recorded or closed, see {@link Permit}.
     */
    public Optional<Permit> tryAcquirePermission() {
        Phase permitted = tryAcquire();
        if (permitted == null) {
            return Optional.empty();
        }
        return Optional.of(new CallPermit(this, permitted));
    }

    /**
     * Asks for permission to make one call.
     *
     * @throws CircuitOpenException when rejected (counted as a rejected call)
     */
    public Permit acquirePermission() {
        return new CallPermit(this, acquireOrThrow());
    }

    /** The current state; an OPEN breaker whose {@code openTimeout} has passed turns HALF_OPEN here. */
    public State state() {
        return current().state;
    }

    /** A snapshot of the window and the cumulative counters, see {@link CircuitBreakerStats}. */
    public CircuitBreakerStats stats() {
        Phase p = current();
        WindowCounts counts = p.state == State.HALF_OPEN ? p.halfOpen.counts() : p.mainCounts(ticker.read());
        return new CircuitBreakerStats(p.state, saturate(counts.total()), saturate(counts.failures()),
                saturate(counts.slowCalls()), counts.failureRate(), counts.slowCallRate(),
                successfulCalls.sum(), failedCalls.sum(), ignoredCalls.sum(), rejectedCalls.sum());
    }

    /**
     * Opens the breaker until {@link #reset()} or {@link #forceClose()}; {@code openTimeout} does not apply. The
     * stats keep showing the main window. Does nothing when already forced open.
     */
    public void forceOpen() {
        while (true) {
            Phase p = phase;
            if (p.state == State.FORCED_OPEN) {
                return;
            }
            if (transition(p, Phase.forcedOpen(p.generation + 1, p.mainCounts(ticker.read())))) {
                return;
            }
        }
    }

    /** Same as {@link #reset()}. */
    public void forceClose() {
        reset();
    }

    /**
     * Closes the breaker with an empty window, from any state. From CLOSED this only empties the window and
     * notifies nobody. Calls permitted before the reset no longer count.
     */
    public void reset() {
        while (true) {
            Phase p = phase;
            if (transition(p, Phase.closed(p.generation + 1, SlidingWindow.create(config, thresholds)))) {
                return;
            }
        }
    }

    @Override
    public String toString() {
        return "CircuitBreaker[" + name + ", " + phase.state + "]";
    }

    // ---- permission ----------------------------------------------------------------------------------------

    private Phase acquireOrThrow() {
        Phase permitted = tryAcquire();
        if (permitted == null) {
            throw rejection();
        }
        return permitted;
    }

    /** The phase that grants a permit, or null when rejected (already counted and published). */
    private Phase tryAcquire() {
        Phase p = phase;
        if (p.state == State.CLOSED) {
            return p;
        }
        return tryAcquireSlow(p);
    }

    private Phase tryAcquireSlow(Phase p) {
        while (true) {
            switch (p.state) {
                case CLOSED:
                    return p;
                case HALF_OPEN:
                    if (p.halfOpen.tryAcquire()) {
                        return p;
                    }
                    return rejected();
                case OPEN:
                    Phase moved = halfOpenIfDue(p);
                    if (moved == p) {
                        return rejected();
                    }
                    p = moved;
                    break;
                default:
                    return rejected();
            }
        }
    }

    private Phase rejected() {
        rejectedCalls.increment();
        if (events.hasListeners()) {
            events.publish(new CircuitBreakerEvent.CallRejected(name));
        }
        return null;
    }

    private CircuitOpenException rejection() {
        State state = phase.state;
        String label = state == State.HALF_OPEN ? "half-open with no probe permit left"
                : state == State.FORCED_OPEN ? "forced open" : "open";
        return new CircuitOpenException(name, label);
    }

    /** The current phase, after turning an OPEN phase whose timeout has passed HALF_OPEN. */
    private Phase current() {
        Phase p = phase;
        return p.state == State.OPEN ? halfOpenIfDue(p) : p;
    }

    /** {@code open} itself if its timeout has not passed; otherwise the phase current after the move. */
    private Phase halfOpenIfDue(Phase open) {
        if (ticker.read() - open.openedAt < openTimeoutNanos) {
            return open;
        }
        // Losing the CAS means another thread moved first (to HALF_OPEN, or a manual control): use its phase.
        transition(open, Phase.halfOpen(open.generation + 1, open.mainCounts, config.permittedCallsInHalfOpen()));
        return phase;
    }

    // ---- recording ---------------------------------------------------------------------------------------

    /**
     * Whether a call starting now must read the ticker at its start. A ticker read costs tens of nanoseconds
     * (more than the rest of the closed-state bookkeeping in a VM), so a breaker with no slow-call threshold and
     * no listener never reads it for a COUNT window, and once (at the end, for the bucket) for a TIME window. A
     * listener that subscribes while a call is in flight gets a zero duration for that call.
     */
    boolean timesCall() {
        return slowCallsTimed || events.hasListeners();
    }

    long now() {
        return ticker.read();
    }

    /**
     * Records one outcome of a call granted by {@code permitted}; {@code outcome} is an {@link Outcomes} code.
     * {@code startNanos} is the ticker reading at the call's start when {@code timed}, meaningless otherwise.
     */
    void complete(Phase permitted, int outcome, boolean timed, long startNanos, Throwable error) {
        boolean haveEnd = timed || timeWindow;
        long end = haveEnd ? ticker.read() : 0L;
        // Untimed implies no slow-call threshold (slowCallNanos == MAX_VALUE), so a zero duration is never slow.
        long duration = timed ? end - startNanos : 0L;
        if (outcome == Outcomes.IGNORE) {
            ignoredCalls.increment();
            if (events.hasListeners()) {
                events.publish(new CircuitBreakerEvent.CallIgnored(name, error));
            }
            if (permitted.halfOpen != null) {
                permitted.halfOpen.release();
            }
            return;
        }
        if (outcome == Outcomes.SUCCESS) {
            successfulCalls.increment();
            if (events.hasListeners()) {
                events.publish(new CircuitBreakerEvent.CallSucceeded(name, Duration.ofNanos(duration)));
            }
        } else {
            failedCalls.increment();
            if (events.hasListeners()) {
                events.publish(new CircuitBreakerEvent.CallFailed(name, Duration.ofNanos(duration), error));
            }
        }
        if (phase != permitted) {
            return; // Q6: the breaker moved on since this call was permitted; its outcome belongs to no window now
        }
        int code = duration >= slowCallNanos ? outcome | Outcomes.SLOW : outcome;
        if (permitted.state == State.CLOSED) {
            // A COUNT window ignores the time it is given; only a trip needs a real reading (openedAt).
            if (permitted.window.record(code, end)) {
                long openedAt = haveEnd ? end : ticker.read();
                transition(permitted, Phase.open(permitted.generation + 1, permitted.window.counts(openedAt),
                        openedAt));
            }
        } else {
            long probes = permitted.halfOpen.record(code);
            if (permitted.halfOpen.complete(probes)) {
                boolean reopen = thresholds.reached(Outcomes.total(probes), Outcomes.failures(probes),
                        Outcomes.slow(probes));
                transition(permitted, reopen
                        ? Phase.open(permitted.generation + 1, permitted.mainCounts, haveEnd ? end : ticker.read())
                        : Phase.closed(permitted.generation + 1, SlidingWindow.create(config, thresholds)));
            }
        }
    }

    Classifier classifier() {
        return classifier;
    }

    /** Installs {@code next} if {@code expected} is still current; the winner announces the transition. */
    private boolean transition(Phase expected, Phase next) {
        if (!PHASE.compareAndSet(this, expected, next)) {
            return false;
        }
        notifier.announce(next.generation, expected.state, next.state);
        return true;
    }

    private static int saturate(long value) {
        return (int) Math.min(value, Integer.MAX_VALUE);
    }

    /**
     * Builds a {@link CircuitBreaker}. Every option has a default; {@link #build()} validates them all and throws
     * {@link IllegalArgumentException} naming the option and the rule. Null arguments throw
     * {@link NullPointerException} at once.
     */
    public static final class Builder extends CircuitBreakerBuilder {

        Builder(String name) {
            super(name);
        }
    }
}
