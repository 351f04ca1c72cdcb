package dev.resiliency.benchmarks;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.function.CheckedSupplier;
import dev.resiliency.bulkhead.Bulkhead;
import java.util.concurrent.Callable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A bulkhead with room to spare ({@link Settings#MAX_CONCURRENT} calls, no waiting), so the benchmark
 * threads are never rejected and only admission and release are measured. Spring's {@code @ConcurrencyLimit}
 * interceptor blocks instead of rejecting at the limit, which is never reached here.
 */
@State(Scope.Benchmark)
public class BulkheadBenchmark extends OverheadBenchmark {

  private Bulkhead ours;
  private Callable<Object> resilience4j;
  private FailsafeExecutor<Object> failsafe;
  private final CheckedSupplier<Object> failsafeWork = Work::run;
  private SpringThrottle spring;

  @Setup
  public void setup() {
    ours = Ours.bulkhead();
    resilience4j = io.github.resilience4j.bulkhead.Bulkhead.decorateCallable(Resilience4j.bulkhead(), Work.INSTANCE);
    failsafe = Failsafe.with(FailsafePolicies.bulkhead());
    spring = new SpringThrottle(Settings.MAX_CONCURRENT);
  }

  @Benchmark
  public Object ours() throws Exception {
    return ours.call(Work.INSTANCE);
  }

  @Benchmark
  public Object resilience4j() throws Exception {
    return resilience4j.call();
  }

  @Benchmark
  public Object failsafe() {
    return failsafe.get(failsafeWork);
  }

  @Benchmark
  public Object spring() throws Throwable {
    return spring.call();
  }
}
