package dev.resiliency.circuitbreaker;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The last {@code size} outcomes, lock-free: at most three atomic operations per record (one in the steady
 * state) and no allocation.
 *
 * <p>A writer claims a position ({@code index.getAndIncrement()}), swaps its outcome code into that ring slot
 * ({@code getAndSet}, which hands back the code it evicts), then adds "new minus evicted" to the packed counters
 * in one {@code addAndGet}. Because every code that enters a slot is evicted by exactly one later
 * {@code getAndSet}, and each writer applies exactly its own delta, the packed counters equal the sum of the slot
 * contents as soon as no writer is between its swap and its add: totals are exact once quiescent.
 *
 * <p>Why the transient inconsistency is harmless: while k writers are between swap and add, each counter is
 * off by at most k (a field may even read negative or above total, which is why the packing is signed and why
 * {@link Thresholds#closedTrips} refuses to rate a torn snapshot). The writer whose add lands last sees the
 * exact sums in its own {@code addAndGet} result and rates them, so a trip warranted by the settled window is
 * never missed; a transiently skewed snapshot can only move a trip by the few in-flight outcomes, the same
 * latitude the original's asynchronous recording had. Two writers lapping the ring may land in an order other
 * than their claims; the window then holds a permutation of the latest outcomes, which rates the same.
 *
 * <p>The steady state (a success evicting a success) writes nothing shared but the index: a writer that reads
 * its own code already in the slot skips the swap and the add. That read is the swap's linearisation point, as if
 * it had swapped the code for itself (a delta of zero), so the invariant above holds; and it keeps the ring and
 * the counters out of the writers' exclusive cache lines, which under contention costs more than the atomics.
 */
final class CountWindow extends SlidingWindow {

    private final int size;
    private final AtomicIntegerArray slots;
    private final AtomicLong index = new AtomicLong();
    private final AtomicLong counts = new AtomicLong();

    CountWindow(int size, Thresholds thresholds) {
        super(thresholds);
        this.size = size;
        this.slots = new AtomicIntegerArray(size);
    }

    @Override
    boolean record(int code, long nowNanos) {
        int slot = (int) (index.getAndIncrement() % size);
        long packed;
        if (slots.get(slot) == code) {
            packed = counts.get(); // same outcome out as in: the window's counts do not move
        } else {
            int evicted = slots.getAndSet(slot, code);
            packed = counts.addAndGet(Outcomes.contribution(code) - Outcomes.contribution(evicted));
        }
        return thresholds.closedTrips(Outcomes.total(packed), Outcomes.failures(packed), Outcomes.slow(packed));
    }

    @Override
    WindowCounts counts(long nowNanos) {
        return WindowCounts.ofPacked(counts.get());
    }
}
