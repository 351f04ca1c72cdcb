package dev.resiliency.retry;

import dev.resiliency.internal.Checks;
import java.time.Duration;
import java.util.List;

/**
 * A delay strategy: the wait before each retry. Retry number 1 is the wait after the first attempt failed.
 *
 * <p>The built-in strategies are infinite; {@link #sequence(Duration...)} is finite, and a finite strategy
 * limits the number of attempts to its length + 1, whatever {@code maxAttempts} says (an empty sequence means a
 * single attempt). Arithmetic saturates at {@link Long#MAX_VALUE} nanoseconds instead of overflowing, so an
 * unbounded exponential stays correct once {@link #cappedAt(Duration) capped}.
 *
 * <p>Implementations must be thread-safe: one instance serves every call of a {@link BackoffRetry}.
 */
@FunctionalInterface
public interface Backoff {

    /** The value {@link #delayNanos(int)} returns when the sequence has no more delays. */
    long EXHAUSTED = -1L;

    /**
     * The delay in nanoseconds before retry number {@code retry} (1 = the delay after the first attempt), or a
     * negative value, conventionally {@link #EXHAUSTED}, when the sequence is exhausted.
     */
    long delayNanos(int retry);

    /** {@code base * multiplier^(retry-1)}, rounded to the nanosecond: base 100 ms, multiplier 2 gives 100, 200, 400... */
    static Backoff exponential(Duration base, double multiplier) {
        return new Backoffs.Exponential(Backoffs.nanos(base, "base"), Backoffs.checkMultiplier(multiplier));
    }

    /** {@code base + (retry-1) * increment}: base 100 ms, increment 100 ms gives 100, 200, 300... */
    static Backoff linear(Duration base, Duration increment) {
        return new Backoffs.Linear(Backoffs.nanos(base, "base"), Backoffs.nanos(increment, "increment"));
    }

    /** The same delay every time. */
    static Backoff constant(Duration delay) {
        return new Backoffs.Constant(Backoffs.nanos(delay, "delay"));
    }

    /** Exactly these delays, in order, then exhausted: at most {@code delays.length + 1} attempts. */
    static Backoff sequence(Duration... delays) {
        Checks.notNull(delays, "delays");
        return sequence(List.of(delays));
    }

    /** Exactly these delays, in order, then exhausted: at most {@code delays.size() + 1} attempts. */
    static Backoff sequence(List<Duration> delays) {
        Checks.notNull(delays, "delays");
        long[] nanos = new long[delays.size()];
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = Backoffs.nanos(delays.get(i), "delays[" + i + "]");
        }
        return new Backoffs.Sequence(nanos);
    }

    /**
     * Randomizes each delay {@code d} uniformly in {@code [d(1-p), d(1+p)]} (never below 0), so that callers that
     * failed together do not retry together. The mean stays {@code d}. {@code 0} returns this strategy unchanged.
     *
     * @param proportion {@code p}, between 0 and 1
     */
    default Backoff withJitter(double proportion) {
        Checks.between(proportion, 0.0, 1.0, "proportion");
        return proportion == 0.0 ? this : new Backoffs.Jittered(this, proportion);
    }

    /** Clamps every delay to at most {@code max}; {@code cappedAt(Duration.ZERO)} gives all zeros. */
    default Backoff cappedAt(Duration max) {
        return new Backoffs.Capped(this, Backoffs.nanos(max, "max"));
    }
}
