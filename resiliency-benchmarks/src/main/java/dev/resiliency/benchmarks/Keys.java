package dev.resiliency.benchmarks;

import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Distinct single-flight keys per benchmark thread, allocated once: every thread cycles through its own
 * {@value #SIZE} keys, so no two threads ever share a flight and no key is boxed or built per call. A flight
 * always completes before its thread moves on, so reusing a key later starts a new flight (nothing is cached).
 */
@State(Scope.Thread)
public class Keys {

  static final int SIZE = 1024;
  private static final AtomicLong NEXT = new AtomicLong(1_000_000);

  private final Object[] keys = new Object[SIZE];
  private int index;

  @Setup
  public void setup() {
    for (int i = 0; i < SIZE; i++) {
      keys[i] = Long.valueOf(NEXT.getAndIncrement());
    }
  }

  /** The next key of this thread. */
  public Object next() {
    int i = index;
    index = (i + 1) & (SIZE - 1);
    return keys[i];
  }
}
