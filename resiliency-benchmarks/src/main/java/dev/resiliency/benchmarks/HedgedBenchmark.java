package dev.resiliency.benchmarks;

import dev.resiliency.hedged.Hedged;
import java.time.Duration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A hedged call whose hedge never fires (the call takes nanoseconds): the cost to compare with the hand-off
 * floor of {@link HandoffBenchmark}. Adaptive (the default), fixed delay, and adaptive with the original copy on
 * the caller's thread ({@code primaryOnCallerThread}, which needs no hand-off when no hedge fires). resilience4j 2.4.0 and
 * Failsafe 3.3.2 publish no hedging policy, so there is no competitor here.
 */
@State(Scope.Benchmark)
public class HedgedBenchmark extends OverheadBenchmark {

  private Hedged adaptive;
  private Hedged fixed;
  private Hedged onCaller;

  @Setup
  public void setup() {
    adaptive = Ours.hedged();
    fixed = Hedged.builder("bench-fixed").delay(Duration.ofMillis(100)).build();
    onCaller = Ours.hedgedOnCaller();
  }

  @Benchmark
  public Object ours() throws Exception {
    return adaptive.call(Work.INSTANCE);
  }

  @Benchmark
  public Object oursFixedDelay() throws Exception {
    return fixed.call(Work.INSTANCE);
  }

  /** Adaptive, {@code primaryOnCallerThread}: the original copy runs on the benchmark thread. */
  @Benchmark
  public Object oursPrimaryOnCaller() throws Exception {
    return onCaller.call(Work.INSTANCE);
  }
}
