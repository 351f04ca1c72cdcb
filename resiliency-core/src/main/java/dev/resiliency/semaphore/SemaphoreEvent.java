package dev.resiliency.semaphore;

/**
 * What a {@link WeightedSemaphore} publishes to the listeners registered on {@link WeightedSemaphore#events()}.
 * Each event is published on the thread that caused it.
 */
public sealed interface SemaphoreEvent {

    /** The name of the semaphore that published the event. */
    String name();

    /** The permits were granted and the call is about to run. */
    record Acquired(String name, int weight) implements SemaphoreEvent {
    }

    /** A {@code tryAcquire} was refused: not enough free permits, or other callers already queued. */
    record Rejected(String name, int weight) implements SemaphoreEvent {
    }

    /** A waiter's timeout ran out before its permits were granted; it left the queue without running. */
    record TimedOut(String name, int weight) implements SemaphoreEvent {
    }

    /** A call finished (however it finished) and gave its permits back. */
    record Released(String name, int weight) implements SemaphoreEvent {
    }
}
