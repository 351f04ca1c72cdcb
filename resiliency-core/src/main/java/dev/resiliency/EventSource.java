package dev.resiliency;

/**
 * The read side of a primitive's {@link EventPublisher}: what users see through {@code primitive.events()}.
 *
 * @param <E> the primitive's event type
 */
public interface EventSource<E> {

    /** Registers a listener for every event published from now on; close the subscription to stop. */
    EventPublisher.Subscription subscribe(EventListener<? super E> listener);
}
