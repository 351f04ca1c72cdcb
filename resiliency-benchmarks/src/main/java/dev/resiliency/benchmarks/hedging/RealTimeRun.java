package dev.resiliency.benchmarks.hedging;

import dev.resiliency.hedged.Hedged;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs a profile in real time: the real {@link Hedged} policy through its blocking {@code call}, on its
 * default executor and scheduler, from the profile's number of client threads, against an in-process
 * downstream that parks for the drawn latency divided by {@code scale} (and stops at once when a losing copy
 * is interrupted). Latencies are reported multiplied back by {@code scale}, so the numbers read like the
 * unscaled profile; timer and wake-up jitter are multiplied too, which is why the virtual-time run is the
 * reference and this one the check that the threaded implementation behaves the same.
 */
final class RealTimeRun {

  private RealTimeRun() {}

  static Outcome run(Profile profile, Strategy strategy, long[][] latencies, double scale, long budgetNanos)
      throws InterruptedException {
    Outcome outcome = new Outcome(profile, strategy);
    Hedged hedged = strategy.build(scale, null, null, null);
    AtomicIntegerArray copies = new AtomicIntegerArray(profile.totalRequests());
    AtomicInteger next = new AtomicInteger();
    AtomicLong failures = new AtomicLong();
    AtomicBoolean truncated = new AtomicBoolean();
    long start = System.nanoTime();
    long deadline = start + budgetNanos;

    Thread[] clients = new Thread[profile.concurrency()];
    for (int c = 0; c < clients.length; c++) {
      clients[c] = new Thread(() -> {
        while (true) {
          if (System.nanoTime() - deadline > 0) {
            truncated.set(true);
            return;
          }
          int request = next.getAndIncrement();
          if (request >= profile.totalRequests()) {
            return;
          }
          Callable<Object> downstream = () -> {
            int copy = copies.getAndIncrement(request);
            long[] row = latencies[request];
            park(Math.round(row[Math.min(copy, row.length - 1)] / scale));
            return Boolean.TRUE;
          };
          long started = System.nanoTime();
          try {
            if (hedged == null) {
              downstream.call();
            } else {
              hedged.call(downstream);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          } catch (Exception e) {
            failures.incrementAndGet();
          }
          // Each slot is written by one client; Thread.join below publishes it to the reporting thread.
          outcome.latencyNanos[request] = Math.round((System.nanoTime() - started) * scale);
        }
      }, "study-client-" + c);
      clients[c].setDaemon(true);
      clients[c].start();
    }
    for (Thread client : clients) {
      client.join();
    }
    for (int i = 0; i < profile.totalRequests(); i++) {
      outcome.copies[i] = copies.get(i);
    }
    outcome.failures = failures.get();
    outcome.truncated = truncated.get();
    if (hedged != null) {
      outcome.hedgedRequests = hedged.stats().hedgedRequests();
      outcome.hedgeWon = hedged.stats().hedgeWon();
    }
    outcome.wallMillis = (System.nanoTime() - start) / 1_000_000;
    return outcome;
  }

  /** Parks for {@code nanos}; a losing copy cancelled by the policy is interrupted and stops at once. */
  private static void park(long nanos) throws InterruptedException {
    long deadline = System.nanoTime() + nanos;
    long remaining;
    while ((remaining = deadline - System.nanoTime()) > 0) {
      LockSupport.parkNanos(remaining);
      if (Thread.interrupted()) {
        throw new InterruptedException("losing copy cancelled");
      }
    }
  }
}
