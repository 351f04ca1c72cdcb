package dev.resiliency.spring.actuate;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The recent-events buffer of every instance, when {@code resiliency.events.buffer-size} is above 0: each instance
 * gets its own buffer of that many events, subscribed to its events as soon as it is created. At 0 (the default)
 * nothing subscribes to anything, so no event is even allocated: the core publishes events only to listeners.
 */
public class ResiliencyEventBuffers {

    private final int bufferSize;
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, RecentEvents>> buffers = new ConcurrentHashMap<>();

    public ResiliencyEventBuffers(ResiliencyKinds kinds, int bufferSize) {
        if (bufferSize < 0) {
            throw new IllegalArgumentException("resiliency.events.buffer-size must be >= 0, got: " + bufferSize);
        }
        this.bufferSize = bufferSize;
        if (bufferSize > 0) {
            for (ResiliencyKind<?> kind : kinds.all()) {
                subscribe(kind);
            }
        }
    }

    /** Events kept per instance; 0 when buffering is off. */
    public int bufferSize() {
        return this.bufferSize;
    }

    /**
     * The recent events of that instance, oldest first; empty when buffering is off or the instance is unknown.
     */
    public Optional<List<RecentEvents.EventDescriptor>> events(String kind, String name) {
        ConcurrentHashMap<String, RecentEvents> ofKind = this.buffers.get(kind);
        RecentEvents events = ofKind != null ? ofKind.get(name) : null;
        return Optional.ofNullable(events).map(RecentEvents::snapshot);
    }

    private <X> void subscribe(ResiliencyKind<X> kind) {
        ConcurrentHashMap<String, RecentEvents> ofKind = this.buffers.computeIfAbsent(kind.key(),
                key -> new ConcurrentHashMap<>());
        kind.registry().onCreated(instance -> {
            RecentEvents buffer = new RecentEvents(this.bufferSize);
            ofKind.put(kind.name(instance), buffer);
            kind.events(instance).subscribe(buffer);
        });
    }
}
