package dev.resiliency.circuitbreaker;

import dev.resiliency.EventPublisher;
import dev.resiliency.circuitbreaker.CircuitBreaker.State;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Delivers state-change notifications exactly once each and in the order the transitions happened.
 *
 * <p>Transitions are lock-free CASes made by whichever thread gets there, so two racing transitions (say a trip
 * and a {@code forceOpen()}) could otherwise notify in the wrong order and leave a listener that tracks the
 * state believing the older one. Every transition carries its phase generation, and generations are gap-free,
 * so the notifier hands them out strictly by generation: the thread that announces generation g delivers g and
 * every announced successor it finds; a thread that finds another one delivering just leaves its announcement
 * behind for it. Only one thread delivers at a time, never under a lock (a listener may call back into the
 * breaker, e.g. {@code forceOpen()} from a listener is queued and delivered after the current one).
 * Transitions to the same state take a generation too (a reset while closed) but notify nobody.
 */
final class TransitionNotifier {

    private static final System.Logger LOG = System.getLogger(CircuitBreaker.class.getName());

    private final String name;
    private final EventPublisher<CircuitBreakerEvent> events;
    private final List<StateListener> listeners;
    private final Map<Long, State[]> announced = new HashMap<>();
    private long delivered;
    private boolean delivering;

    TransitionNotifier(String name, EventPublisher<CircuitBreakerEvent> events, List<StateListener> listeners,
            long initialGeneration) {
        this.name = name;
        this.events = events;
        this.listeners = listeners;
        this.delivered = initialGeneration;
    }

    void announce(long generation, State from, State to) {
        synchronized (this) {
            announced.put(generation, new State[] {from, to});
            if (delivering) {
                return;
            }
            delivering = true;
        }
        boolean done = false;
        try {
            while (true) {
                State[] next;
                synchronized (this) {
                    next = announced.remove(delivered + 1);
                    if (next == null) {
                        delivering = false;
                        done = true;
                        return;
                    }
                    delivered++;
                }
                if (next[0] != next[1]) {
                    deliver(next[0], next[1]);
                }
            }
        } finally {
            if (!done) {
                // Only an Error thrown by a listener gets here; let the next announcement resume delivery.
                synchronized (this) {
                    delivering = false;
                }
            }
        }
    }

    private void deliver(State from, State to) {
        if (events.hasListeners()) {
            events.publish(new CircuitBreakerEvent.StateTransition(name, from, to));
        }
        for (StateListener listener : listeners) {
            try {
                listener.onStateChange(name, from, to);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "State listener of circuit breaker '" + name + "' failed on " + from + " -> "
                        + to, e);
            }
        }
    }
}
