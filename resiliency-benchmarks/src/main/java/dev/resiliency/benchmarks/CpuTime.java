package dev.resiliency.benchmarks;

import dev.resiliency.DefaultExecutors;
import dev.resiliency.circuitbreaker.CircuitBreaker;
import dev.resiliency.hedged.Hedged;
import dev.resiliency.pipeline.ResiliencePipeline;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * A cross-check for busy machines, not a JMH benchmark: the per-call CPU time of the calling thread
 * ({@link ThreadMXBean#getCurrentThreadCpuTime()}, which leaves out the time the thread waits for a CPU), min and
 * median over batches, next to the wall time of the same batches. Candidates run interleaved, batch after batch,
 * so that a change of load hits them all alike. When other processes keep the CPUs busy, JMH's wall-clock averages
 * mostly measure that load; the CPU time of a non-blocking call does not. For calls that hand work to another
 * thread the caller's CPU time leaves out the other thread's: read the wall-time minimum there.
 *
 * <pre>
 * java -cp resiliency-benchmarks/target/benchmarks.jar dev.resiliency.benchmarks.CpuTime cb,hedged,pipeline 40 2000
 * </pre>
 *
 * Arguments: the groups to run ({@code cb}, {@code hedged}, {@code pipeline}), the number of batches, the calls
 * per batch.
 */
public final class CpuTime {

  private static volatile Object sink;

  private CpuTime() {}

  public static void main(String[] args) throws Exception {
    List<String> groups = List.of((args.length > 0 ? args[0] : "cb,hedged,pipeline").split(","));
    int batches = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    int batchSize = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
    Map<String, Callable<Object>> candidates = candidates(groups);

    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<String, long[]> cpu = new LinkedHashMap<>();
    Map<String, long[]> wall = new LinkedHashMap<>();
    candidates.keySet().forEach(name -> {
      cpu.put(name, new long[batches]);
      wall.put(name, new long[batches]);
    });
    for (int warmup = 0; warmup < Math.max(5, batches / 4); warmup++) {
      for (Callable<Object> candidate : candidates.values()) {
        run(candidate, batchSize);
      }
    }
    for (int batch = 0; batch < batches; batch++) {
      for (Map.Entry<String, Callable<Object>> candidate : candidates.entrySet()) {
        long wallStart = System.nanoTime();
        long cpuStart = threads.getCurrentThreadCpuTime();
        run(candidate.getValue(), batchSize);
        cpu.get(candidate.getKey())[batch] = threads.getCurrentThreadCpuTime() - cpuStart;
        wall.get(candidate.getKey())[batch] = System.nanoTime() - wallStart;
      }
    }

    System.out.printf(Locale.ROOT, "%d batches x %d calls, ns per call%n", batches, batchSize);
    System.out.printf(Locale.ROOT, "%-26s %10s %10s %12s %10s %10s%n", "candidate", "cpu min", "cpu median",
        "cpu overhead", "wall min", "wall med");
    double direct = median(cpu.get("direct")) / batchSize;
    for (String name : candidates.keySet()) {
      double cpuMin = min(cpu.get(name)) / batchSize;
      double cpuMedian = median(cpu.get(name)) / batchSize;
      System.out.printf(Locale.ROOT, "%-26s %10.1f %10.1f %12.1f %10.1f %10.1f%n", name, cpuMin, cpuMedian,
          cpuMedian - direct, min(wall.get(name)) / batchSize, median(wall.get(name)) / batchSize);
    }
  }

  private static Map<String, Callable<Object>> candidates(List<String> groups) {
    Map<String, Callable<Object>> candidates = new LinkedHashMap<>();
    candidates.put("direct", Work.INSTANCE);
    if (groups.contains("cb")) {
      CircuitBreaker ours = Ours.circuitBreaker();
      candidates.put("circuitBreaker.ours", () -> ours.call(Work.INSTANCE));
      candidates.put("circuitBreaker.resilience4j",
          io.github.resilience4j.circuitbreaker.CircuitBreaker.decorateCallable(Resilience4j.circuitBreaker(),
              Work.INSTANCE));
    }
    if (groups.contains("hedged")) {
      Executor executor = DefaultExecutors.executor();
      Supplier<Object> work = Work::run;
      candidates.put("handoff.defaultExecutor", () -> CompletableFuture.supplyAsync(work, executor).join());
      Hedged hedged = Ours.hedged();
      candidates.put("hedged.ours", () -> hedged.call(Work.INSTANCE));
      Hedged onCaller = Ours.hedgedOnCaller();
      candidates.put("hedged.primaryOnCaller", () -> onCaller.call(Work.INSTANCE));
    }
    if (groups.contains("pipeline")) {
      Keys keys = new Keys();
      keys.setup();
      ResiliencePipeline ours = pipeline(null);
      candidates.put("pipeline.ours", () -> ours.call(keys.next(), Work.INSTANCE));
      ResiliencePipeline withHedged = pipeline(Ours.hedged());
      candidates.put("pipeline.withHedged", () -> withHedged.call(keys.next(), Work.INSTANCE));
      ResiliencePipeline onCaller = pipeline(Ours.hedgedOnCaller());
      candidates.put("pipeline.withHedgedOnCaller", () -> onCaller.call(keys.next(), Work.INSTANCE));
    }
    return candidates;
  }

  /** The layers of {@link PipelineBenchmark}, plus {@code hedged} when not null. */
  private static ResiliencePipeline pipeline(Hedged hedged) {
    ResiliencePipeline.Builder builder = ResiliencePipeline.builder()
        .circuitBreaker(Ours.circuitBreaker())
        .singleFlight(Ours.singleFlight())
        .rateLimiter(Ours.rateLimiter(), 1)
        .bulkhead(Ours.bulkhead())
        .weightedSemaphore(Ours.weightedSemaphore(), 1)
        .retry(Ours.retry());
    return hedged == null ? builder.build() : builder.hedged(hedged).build();
  }

  private static void run(Callable<Object> candidate, int calls) throws Exception {
    Object last = null;
    for (int i = 0; i < calls; i++) {
      last = candidate.call();
    }
    sink = last;
  }

  private static double min(long[] values) {
    return Arrays.stream(values).min().orElse(0);
  }

  private static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
