package dev.resiliency.circuitbreaker;

import java.time.Duration;

/**
 * What a {@link CircuitBreaker} publishes to the listeners registered through {@link CircuitBreaker#events()}.
 * With no listener registered, nothing is allocated.
 *
 * <p>Call events are published on the thread that records the outcome, before the outcome can trip the
 * breaker: a {@link CallFailed} comes before the {@link StateTransition} it causes.
 */
public sealed interface CircuitBreakerEvent {

    /** The breaker's name. */
    String name();

    /** The breaker changed state ({@code from != to} always). */
    record StateTransition(String name, CircuitBreaker.State from, CircuitBreaker.State to)
            implements CircuitBreakerEvent {
    }

    /** A call, or a permission request, was rejected. */
    record CallRejected(String name) implements CircuitBreakerEvent {
    }

    /**
     * A permitted call was recorded as a success. {@code duration} is zero for a call that started before the
     * first listener subscribed (without a {@code slowCallThreshold} the breaker times a call only when someone
     * is listening).
     */
    record CallSucceeded(String name, Duration duration) implements CircuitBreakerEvent {
    }

    /**
     * A permitted call was recorded as a failure. {@code error} is null when the failure was not a thrown
     * exception: a returned value matched {@code recordResult}, or a {@link CircuitBreaker.Permit} was closed
     * (or failed) without one. {@code duration} is zero as in {@link CallSucceeded}.
     */
    record CallFailed(String name, Duration duration, Throwable error) implements CircuitBreakerEvent {
    }

    /**
     * A permitted call ended with an outcome that counts as neither success nor failure (an exception matched
     * {@code ignoreException}, {@link CircuitBreaker.Permit#onIgnore()}, or an async call was cancelled).
     * {@code error} is null for {@code onIgnore()}.
     */
    record CallIgnored(String name, Throwable error) implements CircuitBreakerEvent {
    }
}
