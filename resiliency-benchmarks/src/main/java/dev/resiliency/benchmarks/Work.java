package dev.resiliency.benchmarks;

import java.util.concurrent.Callable;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The protected call of every overhead benchmark: a small, fixed amount of CPU work the JIT cannot remove
 * ({@link Blackhole#consumeCPU}), returning a constant so that no benchmark allocates on the callable's side.
 * Every library under test wraps the same instance, so the difference from {@code Baseline.direct} is the
 * library's overhead and nothing else.
 */
public final class Work implements Callable<Object> {

  /** CPU tokens burnt per call: a few tens of nanoseconds, small next to a real downstream call. */
  public static final long TOKENS = 16;

  /** The value every call returns; a shared constant so the call itself allocates nothing. */
  public static final Object RESULT = Boolean.TRUE;

  /** The single instance every benchmark wraps. */
  public static final Work INSTANCE = new Work();

  private Work() {}

  @Override
  public Object call() {
    Blackhole.consumeCPU(TOKENS);
    return RESULT;
  }

  /** The same work for the functional interfaces that cannot throw checked exceptions. */
  public static Object run() {
    Blackhole.consumeCPU(TOKENS);
    return RESULT;
  }
}
