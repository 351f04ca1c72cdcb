package dev.resiliency.benchmarks;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.function.CheckedSupplier;
import dev.resiliency.circuitbreaker.CircuitBreaker;
import java.util.concurrent.Callable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A closed circuit breaker around a successful call, configured as in {@link Settings} everywhere. Each
 * competitor uses its cheapest per-call path: the callable decorated once at setup.
 */
@State(Scope.Benchmark)
public class CircuitBreakerBenchmark extends OverheadBenchmark {

  private CircuitBreaker ours;
  private Callable<Object> resilience4j;
  private FailsafeExecutor<Object> failsafe;
  private final CheckedSupplier<Object> failsafeWork = Work::run;

  @Setup
  public void setup() {
    ours = Ours.circuitBreaker();
    resilience4j = io.github.resilience4j.circuitbreaker.CircuitBreaker.decorateCallable(
        Resilience4j.circuitBreaker(), Work.INSTANCE);
    failsafe = Failsafe.with(FailsafePolicies.circuitBreaker());
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
}
