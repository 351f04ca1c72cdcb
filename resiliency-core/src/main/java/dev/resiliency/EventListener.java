package dev.resiliency;

/**
 * Receives the events a primitive publishes (a retry, a hedge, a state transition, a rejection, a shared
 * flight...). Called synchronously on the thread that caused the event, so it must be quick; an exception it
 * throws is logged and swallowed, never reaching the call that caused the event.
 *
 * @param <E> the primitive's event type
 */
@FunctionalInterface
public interface EventListener<E> {

    void onEvent(E event);
}
