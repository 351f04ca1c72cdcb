package dev.resiliency.singleflight;

/**
 * What a {@link SingleFlight} publishes to the listeners registered on {@link SingleFlight#events()}. Each event is
 * published on the thread that delivers the outcome to that caller.
 */
public sealed interface SingleFlightEvent {

    /** The name of the single flight that published the event. */
    String name();

    /**
     * One caller received the outcome of a flight: one event per caller, exactly one of them with
     * {@code shared=false} (the leader, whose callable ran) per flight. Not published for a waiter that timed out or
     * was interrupted.
     *
     * @param key         the flight's key (may be an unbounded value: never use it as a metric tag)
     * @param shared      false for the caller that ran the call, true for those that joined it
     * @param errorOrNull what the call threw, or null if it returned a value
     */
    record FlightCompleted(String name, Object key, boolean shared, Throwable errorOrNull) implements SingleFlightEvent {
    }
}
