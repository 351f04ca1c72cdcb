package dev.resiliency.retry;

import dev.resiliency.internal.Checks;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/** The {@link Backoff} implementations and their argument checks. */
final class Backoffs {

    private Backoffs() {
    }

    static long nanos(Duration value, String option) {
        return Checks.toNanos(Checks.nonNegative(value, option));
    }

    static double checkMultiplier(double multiplier) {
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be a finite number >= 1.0, got: " + multiplier);
        }
        return multiplier;
    }

    private static void checkRetry(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry must be >= 1, got: " + retry);
        }
    }

    record Exponential(long baseNanos, double multiplier) implements Backoff {
        @Override
        public long delayNanos(int retry) {
            checkRetry(retry);
            if (baseNanos == 0L) {
                return 0L; // 0 * Infinity would be NaN once the power overflows
            }
            // Math.pow is exact while the value is representable (integer powers of 2, 3, 1.5...), and
            // Math.round saturates at Long.MAX_VALUE (Infinity included): no overflow after any number of steps.
            return Math.round(baseNanos * Math.pow(multiplier, retry - 1));
        }
    }

    record Linear(long baseNanos, long incrementNanos) implements Backoff {
        @Override
        public long delayNanos(int retry) {
            checkRetry(retry);
            long steps = retry - 1L;
            if (steps == 0L || incrementNanos == 0L) {
                return baseNanos;
            }
            if (steps > (Long.MAX_VALUE - baseNanos) / incrementNanos) {
                return Long.MAX_VALUE;
            }
            return baseNanos + steps * incrementNanos;
        }
    }

    record Constant(long delayNanos) implements Backoff {
        @Override
        public long delayNanos(int retry) {
            checkRetry(retry);
            return delayNanos;
        }
    }

    static final class Sequence implements Backoff {
        private final long[] delays;

        Sequence(long[] delays) {
            this.delays = delays;
        }

        @Override
        public long delayNanos(int retry) {
            checkRetry(retry);
            return retry <= delays.length ? delays[retry - 1] : EXHAUSTED;
        }

        @Override
        public String toString() {
            return "Sequence" + Arrays.toString(delays);
        }
    }

    record Jittered(Backoff delegate, double proportion) implements Backoff {
        @Override
        public long delayNanos(int retry) {
            long delay = delegate.delayNanos(retry);
            if (delay <= 0L) {
                return delay; // exhausted stays exhausted; jitter of 0 is 0
            }
            double low = delay * (1.0 - proportion);
            double high = delay * (1.0 + proportion);
            double value = low + ThreadLocalRandom.current().nextDouble() * (high - low);
            return Math.max(0L, Math.round(value)); // Math.round saturates when high exceeds Long.MAX_VALUE
        }
    }

    record Capped(Backoff delegate, long maxNanos) implements Backoff {
        @Override
        public long delayNanos(int retry) {
            long delay = delegate.delayNanos(retry);
            return delay < 0L ? delay : Math.min(delay, maxNanos);
        }
    }
}
