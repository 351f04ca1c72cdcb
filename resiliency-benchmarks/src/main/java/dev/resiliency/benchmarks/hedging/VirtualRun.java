package dev.resiliency.benchmarks.hedging;

import dev.resiliency.hedged.Hedged;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * Runs a profile on {@link VirtualTime}: the real {@link Hedged} policy through its non-blocking
 * {@code callAsync}, with the virtual clock as its ticker and scheduler and a same-thread executor, against a
 * downstream whose replies are virtual timers (a cancelled copy cancels its timer). Closed loop: each of the
 * profile's clients sends its next request when the previous one completes. Full-scale latencies (10 ms,
 * 1 s) at no real-time cost, and the same numbers on every machine.
 */
final class VirtualRun {

  private final Profile profile;
  private final long[][] latencies;
  private final VirtualTime time = new VirtualTime();
  private final Outcome outcome;
  private final Hedged hedged;
  private int next;

  private VirtualRun(Profile profile, Strategy strategy, long[][] latencies) {
    this.profile = profile;
    this.latencies = latencies;
    this.outcome = new Outcome(profile, strategy);
    this.hedged = strategy.build(1.0, time, time, Runnable::run);
  }

  static Outcome run(Profile profile, Strategy strategy, long[][] latencies) {
    long start = System.nanoTime();
    VirtualRun run = new VirtualRun(profile, strategy, latencies);
    for (int c = 0; c < profile.concurrency(); c++) {
      run.startNext();
    }
    run.time.runUntilIdle();
    run.finish();
    run.outcome.wallMillis = (System.nanoTime() - start) / 1_000_000;
    return run.outcome;
  }

  private void startNext() {
    int request = next++;
    if (request >= profile.totalRequests()) {
      return;
    }
    long started = time.read();
    CompletableFuture<Object> reply = hedged == null ? downstream(request) : hedged.callAsync(() -> downstream(request));
    reply.whenComplete((value, error) -> {
      outcome.latencyNanos[request] = time.read() - started;
      if (error != null) {
        outcome.failures++;
      }
      startNext();
    });
  }

  private CompletableFuture<Object> downstream(int request) {
    int copy = outcome.copies[request]++;
    long[] row = latencies[request];
    CompletableFuture<Object> reply = new CompletableFuture<>();
    Future<?> timer = time.schedule(() -> reply.complete(Boolean.TRUE),
        Duration.ofNanos(row[Math.min(copy, row.length - 1)]));
    reply.whenComplete((value, error) -> {
      if (reply.isCancelled()) {
        timer.cancel(false);
      }
    });
    return reply;
  }

  private void finish() {
    if (hedged != null) {
      outcome.hedgedRequests = hedged.stats().hedgedRequests();
      outcome.hedgeWon = hedged.stats().hedgeWon();
    }
  }
}
