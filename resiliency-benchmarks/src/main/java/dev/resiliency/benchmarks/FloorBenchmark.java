package dev.resiliency.benchmarks;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The hardware floor under every admission check: {@link Work} plus only the shared-memory operations a
 * limiter cannot avoid, with no library logic around them. A bulkhead must take and give back a permit on a
 * shared word (two atomic read-modify-writes: {@code twoAtomics}); a rate limiter must read the clock and
 * update its state ({@code clockAndAtomic}). No implementation of those primitives can add less than these
 * rows to a call, so a target below them (e.g. half of a competitor that already sits on the floor) is out of
 * reach by construction; RESULTS.md prints them next to the primitives.
 * <ul>
 *   <li>{@code oneAtomic}: one {@code AtomicLong.incrementAndGet} (a {@code lock xadd} on x86);</li>
 *   <li>{@code twoAtomics}: increment before and decrement after the call (acquire and release);</li>
 *   <li>{@code nanoTime}: one {@link System#nanoTime()} read;</li>
 *   <li>{@code clockAndAtomic}: a clock read then one compare-and-set, the least a token bucket does;</li>
 *   <li>{@code longAdder}: one uncontended {@link LongAdder#increment()}, the price of a call counter.</li>
 * </ul>
 */
@State(Scope.Benchmark)
public class FloorBenchmark extends OverheadBenchmark {

  private final AtomicLong word = new AtomicLong();
  private final LongAdder adder = new LongAdder();

  @Benchmark
  public Object oneAtomic() throws Exception {
    word.incrementAndGet();
    return Work.INSTANCE.call();
  }

  @Benchmark
  public Object twoAtomics() throws Exception {
    word.incrementAndGet();
    try {
      return Work.INSTANCE.call();
    } finally {
      word.decrementAndGet();
    }
  }

  @Benchmark
  public Object nanoTime() throws Exception {
    long now = System.nanoTime();
    Object result = Work.INSTANCE.call();
    return now == 42 ? null : result;
  }

  @Benchmark
  public Object clockAndAtomic() throws Exception {
    long seen = word.get();
    long now = System.nanoTime();
    word.compareAndSet(seen, Math.max(seen, now) + 1);
    return Work.INSTANCE.call();
  }

  @Benchmark
  public Object longAdder() throws Exception {
    adder.increment();
    return Work.INSTANCE.call();
  }
}
