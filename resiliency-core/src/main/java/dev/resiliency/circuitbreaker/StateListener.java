package dev.resiliency.circuitbreaker;

/**
 * Told of every real state change of a {@link CircuitBreaker} (never of a "transition" to the same state).
 *
 * <p>Runs after the {@link CircuitBreakerEvent.StateTransition} event, normally on the thread that caused the
 * transition. Transitions are delivered one at a time and in the order they happened: when transitions race,
 * the thread already delivering also delivers the later ones, and a transition made from inside a listener is
 * delivered after that listener returns. Keep it quick. An exception it throws is logged and swallowed: the
 * transition has already happened.
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
