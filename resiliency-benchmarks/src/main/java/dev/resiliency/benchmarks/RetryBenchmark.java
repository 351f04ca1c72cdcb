package dev.resiliency.benchmarks;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.function.CheckedSupplier;
import dev.resiliency.retry.BackoffRetry;
import io.github.resilience4j.retry.Retry;
import java.util.concurrent.Callable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;

/**
 * A retry whose first attempt succeeds (the common case), configured as in {@link Settings} everywhere,
 * including Spring Framework 7's {@link RetryTemplate}.
 */
@State(Scope.Benchmark)
public class RetryBenchmark extends OverheadBenchmark {

  private BackoffRetry ours;
  private Callable<Object> resilience4j;
  private FailsafeExecutor<Object> failsafe;
  private final CheckedSupplier<Object> failsafeWork = Work::run;
  private RetryTemplate spring;
  private final Retryable<Object> springWork = Work::run;

  @Setup
  public void setup() {
    ours = Ours.retry();
    resilience4j = Retry.decorateCallable(Resilience4j.retry(), Work.INSTANCE);
    failsafe = Failsafe.with(FailsafePolicies.retry());
    // Spring counts retries, not attempts: maxAttempts - 1 retries.
    spring = new RetryTemplate(RetryPolicy.builder()
        .maxRetries(Settings.RETRY_MAX_ATTEMPTS - 1)
        .delay(Settings.RETRY_BASE_DELAY)
        .multiplier(Settings.RETRY_MULTIPLIER)
        .maxDelay(Settings.RETRY_MAX_DELAY)
        .build());
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
  public Object spring() throws RetryException {
    return spring.execute(springWork);
  }
}
