package dev.resiliency.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;

/**
 * The direct call every overhead is measured from: {@link Work} with no library around it. RESULTS.md
 * subtracts this figure (same thread count, same run) from every other benchmark to get the overhead.
 */
public class Baseline extends OverheadBenchmark {

  @Benchmark
  public Object direct() throws Exception {
    return Work.INSTANCE.call();
  }
}
