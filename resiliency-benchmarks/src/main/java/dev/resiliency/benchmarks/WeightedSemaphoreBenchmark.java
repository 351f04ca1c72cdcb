package dev.resiliency.benchmarks;

import dev.resiliency.semaphore.WeightedSemaphore;
import java.util.concurrent.Semaphore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A weighted semaphore with room to spare (max 10, weight 1) against {@link java.util.concurrent.Semaphore}
 * used the same way (acquire, call, release in {@code finally}). The fair JDK semaphore is the like-for-like
 * comparison (ours is strictly FIFO); the non-fair one shows the cost of fairness.
 */
@State(Scope.Benchmark)
public class WeightedSemaphoreBenchmark extends OverheadBenchmark {

  static final int MAX = Settings.MAX_CONCURRENT;
  static final int WEIGHT = 1;

  private WeightedSemaphore ours;
  private Semaphore jdkFair;
  private Semaphore jdkNonFair;

  @Setup
  public void setup() {
    ours = Ours.weightedSemaphore();
    jdkFair = new Semaphore(MAX, true);
    jdkNonFair = new Semaphore(MAX, false);
  }

  @Benchmark
  public Object ours() throws Exception {
    return ours.acquire(WEIGHT, Work.INSTANCE);
  }

  @Benchmark
  public Object oursTryAcquire() throws Exception {
    return ours.tryAcquire(WEIGHT, Work.INSTANCE);
  }

  @Benchmark
  public Object jdkSemaphoreFair() throws Exception {
    jdkFair.acquire(WEIGHT);
    try {
      return Work.INSTANCE.call();
    } finally {
      jdkFair.release(WEIGHT);
    }
  }

  @Benchmark
  public Object jdkSemaphoreNonFair() throws Exception {
    jdkNonFair.acquire(WEIGHT);
    try {
      return Work.INSTANCE.call();
    } finally {
      jdkNonFair.release(WEIGHT);
    }
  }
}
