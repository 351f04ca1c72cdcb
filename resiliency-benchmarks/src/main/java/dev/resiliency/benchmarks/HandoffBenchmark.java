package dev.resiliency.benchmarks;

import dev.resiliency.DefaultExecutors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The thread hand-off floor: the cost of running {@link Work} on another thread and waiting for it, with no
 * resilience logic at all. Hedging runs its copies on an executor, so a hedged call cannot be cheaper than
 * this unless the primary copy runs on the caller's thread.
 * <ul>
 *   <li>{@code defaultExecutor}: {@link DefaultExecutors#executor()}, what {@code Hedged} uses by default
 *       (a cached daemon pool on Java 17-20, a virtual thread per task on 21+);</li>
 *   <li>{@code cachedThreadPool}: {@code ExecutorService.submit(callable).get()} on a plain cached pool.</li>
 * </ul>
 */
@State(Scope.Benchmark)
public class HandoffBenchmark extends OverheadBenchmark {

  private ExecutorService pool;
  private final Supplier<Object> work = Work::run;

  @Setup
  public void setup() {
    pool = Executors.newCachedThreadPool(DefaultExecutors.daemonThreadFactory("bench-"));
  }

  @TearDown
  public void tearDown() {
    pool.shutdownNow();
  }

  @Benchmark
  public Object defaultExecutor() {
    return CompletableFuture.supplyAsync(work, DefaultExecutors.executor()).join();
  }

  @Benchmark
  public Object cachedThreadPool() throws Exception {
    return pool.submit(Work.INSTANCE).get();
  }
}
