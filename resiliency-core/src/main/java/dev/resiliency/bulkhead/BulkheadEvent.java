package dev.resiliency.bulkhead;

/**
 * What a {@link Bulkhead} publishes to the listeners registered through {@link Bulkhead#events()}. Published on
 * the thread of the call concerned (for an async call, the thread that completes its step).
 */
public sealed interface BulkheadEvent {

    /** The bulkhead's name. */
    String name();

    /** A call got a permit, at once or after waiting in the queue. */
    record CallPermitted(String name) implements BulkheadEvent {
    }

    /** A call was refused a permit: at once, when its wait ran out, or because {@link Bulkhead#reset()} ran. */
    record CallRejected(String name) implements BulkheadEvent {
    }

    /** A call gave its permit back. Not published for a call that was still running when the bulkhead was reset. */
    record CallFinished(String name) implements BulkheadEvent {
    }
}
