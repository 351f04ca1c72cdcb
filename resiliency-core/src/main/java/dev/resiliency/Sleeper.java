package dev.resiliency;

import dev.resiliency.internal.Checks;
import java.time.Duration;

/**
 * Blocks the calling thread for a duration. Injected into every primitive that waits between attempts, so that
 * tests can record the waits (and advance a fake {@link Ticker}) instead of sleeping.
 *
 * <p>The default, {@link #system()}, is {@link Thread#sleep(long, int)}.
 */
@FunctionalInterface
public interface Sleeper {

    /**
     * Blocks for {@code duration}.
     *
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    void sleep(Duration duration) throws InterruptedException;

    /** The system sleeper: {@link Thread#sleep(long, int)}. */
    static Sleeper system() {
        return SystemSleeper.INSTANCE;
    }
}

enum SystemSleeper implements Sleeper {
    INSTANCE;

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        long nanos = Checks.toNanos(duration); // saturating: a "forever" beyond ~292 years does not throw
        if (nanos > 0) {
            Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
        }
    }
}
