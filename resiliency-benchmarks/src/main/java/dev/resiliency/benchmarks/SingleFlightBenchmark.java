package dev.resiliency.benchmarks;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.resiliency.singleflight.SingleFlight;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Single-flight with distinct keys (no caller ever joins another's flight, the common case): the cost of
 * registering a flight, running the call in the caller's thread and removing the flight. The competitor is
 * the usual Caffeine idiom for coalescing without caching: {@code AsyncCache.get(key, (k, executor) -> ...)}
 * (concurrent getters of the key share the future), then {@code asMap().remove(key, future)} once done.
 */
@State(Scope.Benchmark)
public class SingleFlightBenchmark extends OverheadBenchmark {

  private SingleFlight ours;
  private AsyncCache<Object, Object> caffeine;
  private BiFunction<Object, Executor, CompletableFuture<Object>> caffeineLoader;

  @Setup
  public void setup() {
    ours = Ours.singleFlight();
    // Same-thread executor: nothing of Caffeine's runs on another thread, like ours.
    caffeine = Caffeine.newBuilder().executor(Runnable::run).buildAsync();
    caffeineLoader = (key, executor) -> CompletableFuture.completedFuture(Work.run());
  }

  @Benchmark
  public Object ours(Keys keys) throws Exception {
    return ours.call(keys.next(), Work.INSTANCE);
  }

  @Benchmark
  public Object caffeine(Keys keys) {
    Object key = keys.next();
    CompletableFuture<Object> flight = caffeine.get(key, caffeineLoader);
    Object value = flight.join();
    caffeine.asMap().remove(key, flight);
    return value;
  }
}
