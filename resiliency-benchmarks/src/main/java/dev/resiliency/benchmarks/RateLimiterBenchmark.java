package dev.resiliency.benchmarks;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.function.CheckedSupplier;
import dev.resiliency.ratelimiter.RateLimiter;
import java.util.concurrent.Callable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** A rate limiter with ample tokens ({@link Settings#RATE_PER_SECOND}, {@link Settings#BURST}), so nothing is ever rejected. */
@State(Scope.Benchmark)
public class RateLimiterBenchmark extends OverheadBenchmark {

  private RateLimiter ours;
  private Callable<Object> resilience4j;
  private FailsafeExecutor<Object> failsafe;
  private final CheckedSupplier<Object> failsafeWork = Work::run;

  @Setup
  public void setup() {
    ours = Ours.rateLimiter();
    resilience4j = io.github.resilience4j.ratelimiter.RateLimiter.decorateCallable(
        Resilience4j.rateLimiter(), Work.INSTANCE);
    failsafe = Failsafe.with(FailsafePolicies.rateLimiter());
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
