package dev.resiliency.circuitbreaker;

import dev.resiliency.Ticker;
import dev.resiliency.internal.Checks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The options of {@link CircuitBreaker.Builder}, kept apart so that the breaker's own file stays about the
 * breaker. Setters check nulls at once; {@link #build()} checks every range.
 */
abstract class CircuitBreakerBuilder {

    final String name;
    private SlidingWindowType slidingWindowType = SlidingWindowType.COUNT;
    private int windowSize = 100;
    private int minimumCalls = 10;
    private double failureRateThreshold = 0.5;
    private Duration slowCallThreshold;
    private double slowCallRateThreshold = 1.0;
    private Duration openTimeout = Duration.ofSeconds(60);
    private int permittedCallsInHalfOpen = 1;
    Predicate<? super Throwable> recordFailure = error -> true;
    Predicate<? super Throwable> ignoreException;
    Predicate<Object> recordResult;
    private final List<StateListener> listeners = new ArrayList<>();
    Ticker ticker = Ticker.system();

    CircuitBreakerBuilder(String name) {
        this.name = Checks.name(name);
    }

    private CircuitBreaker.Builder self() {
        return (CircuitBreaker.Builder) this;
    }

    /** {@link SlidingWindowType#COUNT} (default) or {@link SlidingWindowType#TIME}. */
    public CircuitBreaker.Builder slidingWindowType(SlidingWindowType type) {
        this.slidingWindowType = Checks.notNull(type, "slidingWindowType");
        return self();
    }

    /** Calls kept in a COUNT window, or seconds covered by a TIME window. Default 100; 1 to 1,000,000. */
    public CircuitBreaker.Builder windowSize(int windowSize) {
        this.windowSize = windowSize;
        return self();
    }

    /**
     * Outcomes the window must hold before the closed state rates it. Default 10; at least 1. A COUNT window
     * smaller than this never trips.
     */
    public CircuitBreaker.Builder minimumCalls(int minimumCalls) {
        this.minimumCalls = minimumCalls;
        return self();
    }

    /** Trips when {@code failures / total >= threshold} (inclusive). Default 0.5; in [0, 1]. 0 trips on any window. */
    public CircuitBreaker.Builder failureRateThreshold(double threshold) {
        this.failureRateThreshold = threshold;
        return self();
    }

    /** A call lasting at least this long is slow. Default: none, no call is slow. At least 0 (0 = every call). */
    public CircuitBreaker.Builder slowCallThreshold(Duration threshold) {
        this.slowCallThreshold = Checks.notNull(threshold, "slowCallThreshold");
        return self();
    }

    /** Trips when {@code slowCalls / total >= threshold} (inclusive). Default 1.0; in [0, 1]. */
    public CircuitBreaker.Builder slowCallRateThreshold(double threshold) {
        this.slowCallRateThreshold = threshold;
        return self();
    }

    /** Time spent OPEN before the next permission request turns it HALF_OPEN. Default 60s; more than 0. */
    public CircuitBreaker.Builder openTimeout(Duration openTimeout) {
        this.openTimeout = Checks.notNull(openTimeout, "openTimeout");
        return self();
    }

    /** Probes permitted while HALF_OPEN, and the number rated together. Default 1; 1 to 1,000,000. */
    public CircuitBreaker.Builder permittedCallsInHalfOpen(int permitted) {
        this.permittedCallsInHalfOpen = permitted;
        return self();
    }

    /**
     * Which thrown exceptions are failures; the others count as successes. Default: every exception. An
     * {@link Error} is always a failure. A predicate that throws makes the outcome a success (and is logged).
     */
    public CircuitBreaker.Builder recordFailure(Predicate<? super Throwable> predicate) {
        this.recordFailure = Checks.notNull(predicate, "recordFailure");
        return self();
    }

    /**
     * Thrown exceptions that count as neither success nor failure (checked before {@code recordFailure}); an
     * ignored half-open probe gives its permit back. Default: none.
     */
    public CircuitBreaker.Builder ignoreException(Predicate<? super Throwable> predicate) {
        this.ignoreException = Checks.notNull(predicate, "ignoreException");
        return self();
    }

    /** Returned values that count as failures (the value is still returned). Default: none. */
    public CircuitBreaker.Builder recordResult(Predicate<Object> predicate) {
        this.recordResult = Checks.notNull(predicate, "recordResult");
        return self();
    }

    /** Adds a listener told of every real state change, in order. May be called several times. */
    public CircuitBreaker.Builder onStateChange(StateListener listener) {
        listeners.add(Checks.notNull(listener, "onStateChange"));
        return self();
    }

    /** The clock for durations, the TIME window and {@code openTimeout}. Default {@link Ticker#system()}. */
    public CircuitBreaker.Builder ticker(Ticker ticker) {
        this.ticker = Checks.notNull(ticker, "ticker");
        return self();
    }

    /** Validates every option and builds the breaker, CLOSED with an empty window. */
    public CircuitBreaker build() {
        Checks.positive(windowSize, "windowSize");
        atMost(windowSize, Outcomes.MAX_SIZE, "windowSize");
        Checks.positive(minimumCalls, "minimumCalls");
        Checks.between(failureRateThreshold, 0.0, 1.0, "failureRateThreshold");
        if (slowCallThreshold != null) {
            Checks.nonNegative(slowCallThreshold, "slowCallThreshold");
        }
        Checks.between(slowCallRateThreshold, 0.0, 1.0, "slowCallRateThreshold");
        Checks.positive(openTimeout, "openTimeout");
        Checks.positive(permittedCallsInHalfOpen, "permittedCallsInHalfOpen");
        atMost(permittedCallsInHalfOpen, Outcomes.MAX_SIZE, "permittedCallsInHalfOpen");
        return new CircuitBreaker(this);
    }

    CircuitBreakerConfig config() {
        return new CircuitBreakerConfig(slidingWindowType, windowSize, minimumCalls, failureRateThreshold,
                slowCallThreshold, slowCallRateThreshold, openTimeout, permittedCallsInHalfOpen);
    }

    List<StateListener> listeners() {
        return List.copyOf(listeners);
    }

    long openTimeoutNanos() {
        return Checks.toNanos(openTimeout);
    }

    /** {@link Long#MAX_VALUE} when unset: no measurable duration reaches it. */
    long slowCallNanos() {
        return slowCallThreshold == null ? Long.MAX_VALUE : Checks.toNanos(slowCallThreshold);
    }

    private static void atMost(int value, int max, String option) {
        if (value > max) {
            throw new IllegalArgumentException(option + " must be <= " + max + ", got: " + value);
        }
    }
}
