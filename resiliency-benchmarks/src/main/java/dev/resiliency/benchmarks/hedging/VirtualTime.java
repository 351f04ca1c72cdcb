package dev.resiliency.benchmarks.hedging;

import dev.resiliency.Scheduler;
import dev.resiliency.Ticker;
import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A discrete-event clock: a {@link Ticker} and a {@link Scheduler} whose time only moves when
 * {@link #runUntilIdle()} pops the next timer. The whole simulation runs on one thread, so a run is exactly
 * reproducible from its seed and takes milliseconds of real time whatever the simulated latencies are.
 * Timers due at the same instant run in the order they were scheduled.
 */
final class VirtualTime implements Ticker, Scheduler {

  private final PriorityQueue<Timer> timers = new PriorityQueue<>();
  private final Thread owner = Thread.currentThread();
  private long now;
  private long sequence;

  @Override
  public long read() {
    return now;
  }

  @Override
  public Future<?> schedule(Runnable task, Duration delay) {
    // A hedging implementation that hands a timer or a callback to another thread would make the run
    // non-deterministic (and racy): fail loudly instead of reporting numbers that cannot be reproduced.
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException("virtual time used from another thread: " + Thread.currentThread());
    }
    Timer timer = new Timer(now + Math.max(0L, delay.toNanos()), sequence++, task);
    timers.add(timer);
    return timer;
  }

  /** Runs every timer in time order, moving the clock to each, until none is left. */
  void runUntilIdle() {
    Timer timer;
    while ((timer = timers.poll()) != null) {
      if (timer.cancelled) {
        continue;
      }
      now = timer.at;
      timer.done = true;
      timer.task.run();
    }
  }

  private static final class Timer implements Future<Object>, Comparable<Timer> {
    final long at;
    final long sequence;
    final Runnable task;
    boolean cancelled;
    boolean done;

    Timer(long at, long sequence, Runnable task) {
      this.at = at;
      this.sequence = sequence;
      this.task = task;
    }

    @Override
    public int compareTo(Timer other) {
      int byTime = Long.compare(at, other.at);
      return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      if (done || cancelled) {
        return false;
      }
      cancelled = true; // left in the queue and skipped when popped: cheaper than an O(n) remove
      return true;
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public boolean isDone() {
      return done || cancelled;
    }

    @Override
    public Object get() {
      return null;
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
      return null;
    }
  }
}
