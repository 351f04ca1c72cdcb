package dev.resiliency.benchmarks;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.function.CheckedSupplier;
import dev.resiliency.pipeline.ResiliencePipeline;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.retry.Retry;
import java.util.concurrent.Callable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The happy path of a whole stack, each layer configured as in {@link Settings}:
 * <ul>
 *   <li>{@code ours}: all layers but Hedged (CircuitBreaker, SingleFlight with a distinct key per call,
 *       RateLimiter, Bulkhead, WeightedSemaphore, Retry), the target being at most 1 µs over the direct call;</li>
 *   <li>{@code oursWithHedged}: the same plus Hedged (adaptive, no hedge ever fires), the target being at
 *       most one thread hand-off ({@link HandoffBenchmark}) plus 1 µs;</li>
 *   <li>{@code oursWithHedgedOnCaller}: the same with {@code primaryOnCallerThread}, which has no hand-off;</li>
 *   <li>{@code oursSameLayers}, {@code resilience4j}, {@code failsafe}: the four layers all three libraries
 *       have (CircuitBreaker → RateLimiter → Bulkhead → Retry, outermost first, our canonical order).</li>
 * </ul>
 */
@State(Scope.Benchmark)
public class PipelineBenchmark extends OverheadBenchmark {

  private ResiliencePipeline ours;
  private ResiliencePipeline oursWithHedged;
  private ResiliencePipeline oursWithHedgedOnCaller;
  private ResiliencePipeline oursSameLayers;
  private Callable<Object> resilience4j;
  private FailsafeExecutor<Object> failsafe;
  private final CheckedSupplier<Object> failsafeWork = Work::run;

  @Setup
  public void setup() {
    ours = allLayersButHedged().build();
    oursWithHedged = allLayersButHedged().hedged(Ours.hedged()).build();
    oursWithHedgedOnCaller = allLayersButHedged().hedged(Ours.hedgedOnCaller()).build();
    oursSameLayers = ResiliencePipeline.builder()
        .circuitBreaker(Ours.circuitBreaker())
        .rateLimiter(Ours.rateLimiter(), 1)
        .bulkhead(Ours.bulkhead())
        .retry(Ours.retry())
        .build();

    resilience4j = CircuitBreaker.decorateCallable(Resilience4j.circuitBreaker(),
        RateLimiter.decorateCallable(Resilience4j.rateLimiter(),
            Bulkhead.decorateCallable(Resilience4j.bulkhead(),
                Retry.decorateCallable(Resilience4j.retry(), Work.INSTANCE))));

    // Failsafe composes its policies outermost first.
    failsafe = Failsafe.with(FailsafePolicies.circuitBreaker(), FailsafePolicies.rateLimiter(),
        FailsafePolicies.bulkhead(), FailsafePolicies.retry());
  }

  /** A fresh builder with every layer but Hedged, each instance new (no two pipelines share state). */
  private static ResiliencePipeline.Builder allLayersButHedged() {
    return ResiliencePipeline.builder()
        .circuitBreaker(Ours.circuitBreaker())
        .singleFlight(Ours.singleFlight())
        .rateLimiter(Ours.rateLimiter(), 1)
        .bulkhead(Ours.bulkhead())
        .weightedSemaphore(Ours.weightedSemaphore(), 1)
        .retry(Ours.retry());
  }

  @Benchmark
  public Object ours(Keys keys) throws Exception {
    return ours.call(keys.next(), Work.INSTANCE);
  }

  @Benchmark
  public Object oursWithHedged(Keys keys) throws Exception {
    return oursWithHedged.call(keys.next(), Work.INSTANCE);
  }

  @Benchmark
  public Object oursWithHedgedOnCaller(Keys keys) throws Exception {
    return oursWithHedgedOnCaller.call(keys.next(), Work.INSTANCE);
  }

  @Benchmark
  public Object oursSameLayers() throws Exception {
    return oursSameLayers.call(Work.INSTANCE);
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
