package dev.resiliency.circuitbreaker;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The outcomes of the last {@code size} seconds of the ticker, in one-second buckets keyed by the ticker's
 * epoch second ({@code floorDiv(nanos, 1e9)}): a ring of {@code size} buckets, bucket {@code second % size}.
 *
 * <p>Lock-free. A bucket is immutable in its second and only counts up; when a writer finds a slot holding an
 * older second, it installs a fresh bucket by CAS (one allocation per slot per second, never per call). A
 * writer whose reading is already older than the slot's bucket is outside the window and is dropped.
 *
 * <p>Rating a record would naively sum {@code size} buckets. Instead the sum of the completed seconds of the
 * window is cached per second ({@link Past}, recomputed by the first writer of each new second) and only the
 * current bucket is read per call. A straggler still writing into the previous second after the cache was
 * computed is missing from ratings for the rest of that second (at worst a trip moves to a later record);
 * {@link #counts} always sums the buckets afresh, so reported totals are exact once quiescent.
 *
 * <p>Within a bucket the writer bumps total before failures/slow and readers read failures/slow before total,
 * so a reader never sees more failures than calls.
 */
final class TimeWindow extends SlidingWindow {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final int size;
    private final AtomicReferenceArray<Bucket> buckets;
    private volatile Past past = new Past(Long.MIN_VALUE, 0, 0, 0);

    TimeWindow(int size, Thresholds thresholds) {
        super(thresholds);
        this.size = size;
        this.buckets = new AtomicReferenceArray<>(size);
    }

    @Override
    boolean record(int code, long nowNanos) {
        long second = Math.floorDiv(nowNanos, NANOS_PER_SECOND);
        Bucket bucket = bucketFor(second);
        if (bucket == null) {
            return false;
        }
        bucket.add(code);
        Past completed = past;
        if (completed.second != second) {
            // Racy publication is fine: every writer of a second computes the same sums, and a writer of an
            // older second that overwrites a newer cache only costs the next writer a recomputation.
            completed = sum(second, false);
            past = completed;
        }
        long slow = bucket.slow() + completed.slow;
        long failures = bucket.failures() + completed.failures;
        long total = bucket.total() + completed.total;
        return thresholds.closedTrips(total, failures, slow);
    }

    @Override
    WindowCounts counts(long nowNanos) {
        Past all = sum(Math.floorDiv(nowNanos, NANOS_PER_SECOND), true);
        return new WindowCounts(all.total, all.failures, all.slow);
    }

    private Bucket bucketFor(long second) {
        int slot = (int) Math.floorMod(second, (long) size);
        while (true) {
            Bucket current = buckets.get(slot);
            if (current != null) {
                if (current.second == second) {
                    return current;
                }
                if (current.second > second) {
                    return null;
                }
            }
            Bucket fresh = new Bucket(second);
            if (buckets.compareAndSet(slot, current, fresh)) {
                return fresh;
            }
        }
    }

    /** Sums the buckets of the window ending at {@code second}, the current second included or not. */
    private Past sum(long second, boolean includeCurrent) {
        long oldest = second - size + 1;
        long newest = includeCurrent ? second : second - 1;
        long total = 0;
        long failures = 0;
        long slow = 0;
        for (int i = 0; i < size; i++) {
            Bucket bucket = buckets.get(i);
            if (bucket != null && bucket.second >= oldest && bucket.second <= newest) {
                slow += bucket.slow();
                failures += bucket.failures();
                total += bucket.total();
            }
        }
        return new Past(second, total, failures, slow);
    }

    /** Sums of a window's seconds; {@code second} is the second the window ends at. */
    private record Past(long second, long total, long failures, long slow) {
    }

    private static final class Bucket {

        private static final VarHandle TOTAL;
        private static final VarHandle FAILURES;
        private static final VarHandle SLOW;

        static {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                TOTAL = lookup.findVarHandle(Bucket.class, "total", long.class);
                FAILURES = lookup.findVarHandle(Bucket.class, "failures", long.class);
                SLOW = lookup.findVarHandle(Bucket.class, "slow", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final long second;
        private volatile long total;
        private volatile long failures;
        private volatile long slow;

        Bucket(long second) {
            this.second = second;
        }

        void add(int code) {
            TOTAL.getAndAdd(this, 1L);
            if (Outcomes.isFailure(code)) {
                FAILURES.getAndAdd(this, 1L);
            }
            if (Outcomes.isSlow(code)) {
                SLOW.getAndAdd(this, 1L);
            }
        }

        long total() {
            return total;
        }

        long failures() {
            return failures;
        }

        long slow() {
            return slow;
        }
    }
}
