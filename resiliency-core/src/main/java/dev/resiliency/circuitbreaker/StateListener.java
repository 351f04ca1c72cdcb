package dev.resiliency.circuitbreaker;

/**
 * Told of every real state change of a {@link CircuitBreaker} (never of a "transition" to the same state).
 *
 * <p>Runs on the thread that caused the transition, after the {@link CircuitBreakerEvent.StateTransition} event.
 * Transitions are delivered one at a time and in the order they happened. An exception it throws is logged and
 * swallowed: the transition has already happened.
 */
@FunctionalInterface
public interface StateListener {

    /**
     * @param name the breaker's name
     * @param from the state it left
     * @param to   the state it entered, never equal to {@code from}
     */
    void onStateChange(String name, CircuitBreaker.State from, CircuitBreaker.State to);
}
