package dev.resiliency.testing;

import dev.resiliency.Sleeper;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link Sleeper} that returns at once, records every requested sleep and, if given a {@link FakeTicker},
 * advances it by the slept duration so that time-based logic (budgets, deadlines) sees the time pass.
 */
public final class FakeSleeper implements Sleeper {

    private final FakeTicker ticker;
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    public FakeSleeper() {
        this(null);
    }

    public FakeSleeper(FakeTicker ticker) {
        this.ticker = ticker;
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        sleeps.add(duration);
        if (ticker != null) {
            ticker.advance(duration);
        }
    }

    /** Every sleep requested so far, in order. */
    public List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    /** The requested sleeps in milliseconds, in order. */
    public List<Long> sleepsMillis() {
        return sleeps.stream().map(Duration::toMillis).toList();
    }
}
