package dev.resiliency.circuitbreaker;

/**
 * Outcome codes and the packed form of window counters.
 *
 * <p>An outcome code is a small int: bit 0 = recorded, bit 1 = failure, bit 2 = slow ({@code 0} is an empty
 * ring slot). A window's three counters (total, failures, slow calls) are packed into ONE {@code long}, 21 bits
 * each, so that a single atomic add updates all three at once and a single read yields a snapshot in which
 * they belong together: no lock, no torn read between the counters. Fields are decoded as signed 21-bit
 * values because a ring window may transiently hold a negative field while concurrent writers are half done
 * (see {@link CountWindow}); sizes are capped at {@link #MAX_SIZE} so every field stays in range.
 */
final class Outcomes {

    static final int SUCCESS = 1;
    static final int FAILURE = 3;
    static final int SLOW = 4;
    /** Not a window code: the call counts as neither success nor failure. */
    static final int IGNORE = 8;

    /** Upper bound of {@code windowSize} and {@code permittedCallsInHalfOpen}: keeps packed fields in 21 bits. */
    static final int MAX_SIZE = 1_000_000;

    private static final int BITS = 21;
    private static final int SHIFT = 64 - BITS;
    private static final long[] CONTRIBUTION = new long[8];

    static {
        for (int code = 0; code < CONTRIBUTION.length; code++) {
            long present = code & 1;
            long failure = (code >> 1) & 1;
            long slow = (code >> 2) & 1;
            CONTRIBUTION[code] = (present << (2 * BITS)) + (failure << BITS) + slow;
        }
    }

    private Outcomes() {
    }

    static boolean isFailure(int code) {
        return (code & 2) != 0;
    }

    static boolean isSlow(int code) {
        return (code & SLOW) != 0;
    }

    /** What adding the outcome {@code code} (0..7) adds to a packed counter. */
    static long contribution(int code) {
        return CONTRIBUTION[code];
    }

    static long slow(long packed) {
        return packed << SHIFT >> SHIFT;
    }

    static long failures(long packed) {
        return ((packed - slow(packed)) >> BITS) << SHIFT >> SHIFT;
    }

    static long total(long packed) {
        return (packed - slow(packed) - (failures(packed) << BITS)) >> (2 * BITS);
    }
}
