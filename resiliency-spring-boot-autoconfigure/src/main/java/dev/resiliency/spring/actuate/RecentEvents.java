package dev.resiliency.spring.actuate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

import dev.resiliency.EventListener;

/**
 * The last {@code capacity} events of one instance, newest overwriting oldest. Recording is lock-free (one
 * {@code getAndIncrement}, one array store, one small entry): it runs on the call path of the instance, so it must
 * not make callers contend on a lock. Reading copies the entries present and orders them by sequence number; an
 * entry overwritten while being read is simply the newer one, which is fine for a diagnostic view.
 */
final class RecentEvents implements EventListener<Object> {

    private final AtomicReferenceArray<Entry> entries;
    private final AtomicLong sequence = new AtomicLong();

    RecentEvents(int capacity) {
        this.entries = new AtomicReferenceArray<>(capacity);
    }

    int capacity() {
        return this.entries.length();
    }

    @Override
    public void onEvent(Object event) {
        long seq = this.sequence.getAndIncrement();
        this.entries.set((int) (seq % this.entries.length()), new Entry(seq, System.currentTimeMillis(), event));
    }

    /** The events held, oldest first, as JSON-friendly views. */
    List<EventDescriptor> snapshot() {
        List<Entry> held = new ArrayList<>(this.entries.length());
        for (int i = 0; i < this.entries.length(); i++) {
            Entry entry = this.entries.get(i);
            if (entry != null) {
                held.add(entry);
            }
        }
        held.sort(Comparator.comparingLong(Entry::sequence));
        List<EventDescriptor> views = new ArrayList<>(held.size());
        for (Entry entry : held) {
            views.add(entry.describe());
        }
        return views;
    }

    private record Entry(long sequence, long epochMillis, Object event) {

        EventDescriptor describe() {
            Map<String, Object> details = this.event instanceof Record record ? Descriptors.of(record, "name")
                    : Map.of("event", Descriptors.value(this.event));
            return new EventDescriptor(Instant.ofEpochMilli(this.epochMillis).toString(),
                    this.event.getClass().getSimpleName(), details);
        }
    }

    /**
     * One recorded event.
     *
     * @param time    when it was recorded, ISO-8601 UTC
     * @param type    the event type, e.g. {@code StateTransition}, {@code Retrying}
     * @param details the event's fields but the instance name
     */
    public record EventDescriptor(String time, String type, Map<String, Object> details) {
    }
}
