package dev.resiliency.testing;

import dev.resiliency.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * A {@link Scheduler} driven by a {@link FakeTicker}: scheduled tasks run, on the test's thread, when
 * {@link #advance(Duration)} moves the clock past their due time. Records every requested delay.
 */
public final class FakeScheduler implements Scheduler {

    private final FakeTicker ticker;
    private final List<Timer> timers = new ArrayList<>();
    private final List<Duration> requested = new ArrayList<>();
    private long sequence;

    public FakeScheduler(FakeTicker ticker) {
        this.ticker = ticker;
    }

    @Override
    public synchronized Future<?> schedule(Runnable task, Duration delay) {
        requested.add(delay);
        Timer timer = new Timer(ticker.read() + delay.toNanos(), sequence++, task);
        timers.add(timer);
        return timer.handle;
    }

    /** Advances the clock by {@code duration}, running every task that falls due, in due-time order. */
    public void advance(Duration duration) {
        long target = ticker.read() + duration.toNanos();
        while (true) {
            Timer next;
            synchronized (this) {
                next = timers.stream()
                        .filter(t -> t.due <= target)
                        .min(Comparator.comparingLong((Timer t) -> t.due).thenComparingLong(t -> t.seq))
                        .orElse(null);
                if (next == null) {
                    break;
                }
                timers.remove(next);
            }
            long now = ticker.read();
            if (next.due > now) {
                ticker.advance(Duration.ofNanos(next.due - now));
            }
            if (!next.handle.isCancelled()) {
                next.task.run();
                next.handle.complete(null);
            }
        }
        long now = ticker.read();
        if (target > now) {
            ticker.advance(Duration.ofNanos(target - now));
        }
    }

    /** Runs every pending task, advancing the clock as far as needed. */
    public void runAll() {
        advance(Duration.ofDays(365));
    }

    /** Number of timers scheduled and neither run nor cancelled. */
    public synchronized int pending() {
        return (int) timers.stream().filter(t -> !t.handle.isCancelled()).count();
    }

    /** Every delay requested so far, in order. */
    public synchronized List<Duration> requestedDelays() {
        return List.copyOf(requested);
    }

    private static final class Timer {
        final long due;
        final long seq;
        final Runnable task;
        final CompletableFuture<Void> handle = new CompletableFuture<>();

        Timer(long due, long seq, Runnable task) {
            this.due = due;
            this.seq = seq;
            this.task = task;
        }
    }
}
