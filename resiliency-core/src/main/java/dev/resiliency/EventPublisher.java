package dev.resiliency;

import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The listeners registered on one primitive, and the way it publishes events to them.
 *
 * <p>Lock-free and copy-on-write: subscribing is rare, publishing is on the call path. Publishers call
 * {@link #hasListeners()} before building an event, so that with no listener registered an event costs one
 * volatile read and no allocation:
 *
 * <pre>{@code
 * if (events.hasListeners()) {
 *     events.publish(new RetryEvent.Retried(name, attempt, delay, error));
 * }
 * }</pre>
 *
 * <p>Listeners run in registration order on the publishing thread. Whatever a listener throws, exception or
 * {@link Error} (an {@code AssertionError} in a test listener, say), is logged at WARNING (through
 * {@link System.Logger}) and swallowed: a listener never changes the outcome of the call it observes, nor leaves a
 * permit or a future behind. The one exception is a {@link VirtualMachineError} ({@code OutOfMemoryError},
 * {@code StackOverflowError}), which propagates: the JVM itself is failing, and hiding that helps nobody.
 *
 * @param <E> the event type
 */
public final class EventPublisher<E> implements EventSource<E> {

    private static final System.Logger LOG = System.getLogger(EventPublisher.class.getName());
    private static final EventListener<?>[] NONE = new EventListener<?>[0];

    private final AtomicReference<EventListener<? super E>[]> listeners;

    @SuppressWarnings("unchecked")
    public EventPublisher() {
        this.listeners = new AtomicReference<>((EventListener<? super E>[]) NONE);
    }

    /** Whether at least one listener is registered; check it before allocating an event. */
    public boolean hasListeners() {
        return listeners.get().length != 0;
    }

    /**
     * Registers {@code listener}; it receives every event published from now on.
     *
     * @return a subscription whose {@link Subscription#close()} unregisters it
     */
    @Override
    public Subscription subscribe(EventListener<? super E> listener) {
        if (listener == null) {
            throw new NullPointerException("listener must not be null");
        }
        listeners.updateAndGet(current -> {
            EventListener<? super E>[] next = Arrays.copyOf(current, current.length + 1);
            next[current.length] = listener;
            return next;
        });
        return () -> unsubscribe(listener);
    }

    private void unsubscribe(EventListener<? super E> listener) {
        listeners.updateAndGet(current -> {
            for (int i = 0; i < current.length; i++) {
                if (current[i] == listener) {
                    EventListener<? super E>[] next = Arrays.copyOf(current, current.length - 1);
                    System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                    return next;
                }
            }
            return current;
        });
    }

    /** Delivers {@code event} to every registered listener, isolating their failures (see the class comment). */
    public void publish(E event) {
        for (EventListener<? super E> listener : listeners.get()) {
            try {
                listener.onEvent(event);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                LOG.log(Level.WARNING, "Event listener " + listener + " failed on " + event, e);
            }
        }
    }

    /** A registration that can be undone. Closing it twice is harmless. */
    @FunctionalInterface
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
