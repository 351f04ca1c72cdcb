package dev.resiliency;

/**
 * A source of monotonic time in nanoseconds, injected into every time-dependent primitive so that tests can
 * drive time by hand instead of sleeping.
 *
 * <p>Only differences between two readings are meaningful. The default, {@link #system()}, reads
 * {@link System#nanoTime()}.
 */
@FunctionalInterface
public interface Ticker {

    /** Returns the current reading of this ticker, in nanoseconds. */
    long read();

    /** The system ticker: {@link System#nanoTime()}. */
    static Ticker system() {
        return SystemTicker.INSTANCE;
    }
}

enum SystemTicker implements Ticker {
    INSTANCE;

    @Override
    public long read() {
        return System.nanoTime();
    }
}
