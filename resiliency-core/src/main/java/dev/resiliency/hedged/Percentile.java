package dev.resiliency.hedged;

import java.util.Arrays;
import java.util.OptionalLong;

/**
 * A sliding window of the most recent {@code maxSize} samples with a nearest-rank percentile query: the latency
 * buffer behind adaptive hedging, public because it is useful on its own.
 *
 * <p>Samples are kept twice: in a FIFO ring, which says which sample to evict once the window is full, and in a
 * sorted array kept in step with it, so that {@link #query(double)} is a single array read. Once full,
 * {@link #add(long)} costs two binary searches and one array shift of the entries between the evicted sample's
 * position and the new one's: O(n) at worst, a fraction of the window for latencies of a steady service. Duplicates are fine: evicting a value removes exactly one
 * occurrence of it. Negative samples are allowed.
 *
 * <p>Not thread-safe: callers guard it (the hedge tracker does it with a lock).
 */
public final class Percentile {

    private static final int INITIAL_CAPACITY = 16;

    private final int maxSize;
    /** Samples in arrival order; once full, {@code next} is the oldest. */
    private long[] ring;
    /** The same samples in ascending order; only the first {@code size} entries are meaningful. */
    private long[] sorted;
    private int next;
    private int size;

    /**
     * Creates an empty window of at most {@code maxSize} samples.
     *
     * @throws IllegalArgumentException if {@code maxSize < 1}
     */
    public Percentile(int maxSize) {
        if (maxSize < 1) {
            throw new IllegalArgumentException("maxSize must be >= 1, got: " + maxSize);
        }
        this.maxSize = maxSize;
        // Grown on demand, so that a generous maxSize costs nothing until the samples arrive.
        int capacity = Math.min(maxSize, INITIAL_CAPACITY);
        this.ring = new long[capacity];
        this.sorted = new long[capacity];
    }

    /** Adds a sample, evicting the oldest one when the window is full. */
    public void add(long value) {
        if (size == maxSize) {
            long evicted = ring[next];
            ring[next] = value;
            next = next + 1 == maxSize ? 0 : next + 1;
            replaceSorted(evicted, value);
            return;
        }
        if (size == ring.length) {
            int capacity = (int) Math.min(maxSize, Math.max(INITIAL_CAPACITY, 2L * ring.length));
            ring = Arrays.copyOf(ring, capacity);
            sorted = Arrays.copyOf(sorted, capacity);
        }
        ring[size] = value;
        size++;
        next = size == maxSize ? 0 : size;
        insertSorted(value);
    }

    /**
     * The nearest-rank {@code p}-th percentile of the samples in the window: index
     * {@code min(ceil(p / 100.0 * n) - 1, n - 1)} into the sorted samples, and index 0 for {@code p == 0}. The
     * expression is evaluated in doubles in exactly that order, so that e.g. {@code p = 7} over 1..100 gives
     * {@code 7.000000000000001 → 8}, as in the reference implementation.
     *
     * @return the percentile, or empty when there is no sample
     * @throws IllegalArgumentException if {@code p} is not within [0, 100]
     */
    public OptionalLong query(double p) {
        if (!(p >= 0.0 && p <= 100.0)) {
            throw new IllegalArgumentException("p must be between 0 and 100, got: " + p);
        }
        if (size == 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(sorted[index(p, size)]);
    }

    /** The number of samples in the window, at most {@code maxSize}. */
    public int size() {
        return size;
    }

    /** The capacity given at construction. */
    public int maxSize() {
        return maxSize;
    }

    static int index(double p, int n) {
        if (p == 0.0) {
            return 0;
        }
        double rank = Math.ceil(p / 100.0 * n) - 1;
        // max(0, ...) only matters for a p so small that p / 100.0 underflows to zero.
        return (int) Math.max(0, Math.min(rank, n - 1));
    }

    /**
     * The first index in {@code [from, to)} whose entry is {@code >= key}, or {@code to}. Written without a
     * data-dependent branch (the JIT turns the conditional into a conditional move): latencies are noisy, so a
     * branchy search mispredicts about every other step, which costs more than the loads.
     */
    static int lowerBound(long[] a, int from, int to, long key) {
        int base = from;
        int n = to - from;
        while (n > 1) {
            int half = n >>> 1;
            base = a[base + half - 1] < key ? base + half : base;
            n -= half;
        }
        return n == 1 && a[base] < key ? base + 1 : base;
    }

    private void insertSorted(long value) {
        int at = lowerBound(sorted, 0, size - 1, value);
        // size already counts the new sample: shift the tail [at, size - 1) one to the right.
        System.arraycopy(sorted, at, sorted, at + 1, size - 1 - at);
        sorted[at] = value;
    }

    /**
     * Removes one occurrence of {@code evicted} and inserts {@code value} in a single shift of only the entries
     * between the two positions, instead of a removal and an insertion that each shift half the array: recent
     * latencies sit close to the ones they evict, so this moves a fraction of the window per sample.
     */
    private void replaceSorted(long evicted, long value) {
        // The first occurrence will do: equal values are interchangeable in the sorted view.
        int at = lowerBound(sorted, 0, size, evicted);
        if (value >= evicted) {
            // Entries after the hole that are below value move one to the left; value goes just before the rest.
            int to = lowerBound(sorted, at + 1, size, value);
            System.arraycopy(sorted, at + 1, sorted, at, to - 1 - at);
            sorted[to - 1] = value;
        } else {
            // Entries before the hole from value's position on move one to the right; value takes that position.
            int to = lowerBound(sorted, 0, at, value);
            System.arraycopy(sorted, to, sorted, to + 1, at - to);
            sorted[to] = value;
        }
    }
}
