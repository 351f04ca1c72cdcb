package dev.resiliency.benchmarks.hedging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class VirtualTimeTest {

  @Test
  void runsTimersInTimeOrderAndMovesTheClockToEach() {
    VirtualTime time = new VirtualTime();
    List<String> fired = new ArrayList<>();
    time.schedule(() -> fired.add("30@" + time.read()), Duration.ofNanos(30));
    time.schedule(() -> fired.add("10@" + time.read()), Duration.ofNanos(10));
    time.schedule(() -> fired.add("20@" + time.read()), Duration.ofNanos(20));

    time.runUntilIdle();

    assertThat(fired).containsExactly("10@10", "20@20", "30@30");
  }

  @Test
  void timersDueAtTheSameInstantRunInSchedulingOrder() {
    VirtualTime time = new VirtualTime();
    List<Integer> fired = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      int n = i;
      time.schedule(() -> fired.add(n), Duration.ofMillis(1));
    }
    time.runUntilIdle();
    assertThat(fired).containsExactly(0, 1, 2, 3, 4);
  }

  @Test
  void aTimerScheduledByATimerIsRelativeToTheFiringInstant() {
    VirtualTime time = new VirtualTime();
    long[] at = new long[1];
    time.schedule(() -> time.schedule(() -> at[0] = time.read(), Duration.ofNanos(5)), Duration.ofNanos(10));
    time.runUntilIdle();
    assertThat(at[0]).isEqualTo(15);
  }

  @Test
  void aCancelledTimerNeverRunsNorMovesTheClock() {
    VirtualTime time = new VirtualTime();
    List<String> fired = new ArrayList<>();
    time.schedule(() -> fired.add("kept"), Duration.ofNanos(10));
    Future<?> cancelled = time.schedule(() -> fired.add("cancelled"), Duration.ofNanos(50));

    assertThat(cancelled.cancel(false)).isTrue();
    time.runUntilIdle();

    assertThat(fired).containsExactly("kept");
    assertThat(time.read()).isEqualTo(10);
    assertThat(cancelled.isCancelled()).isTrue();
  }

  @Test
  void refusesUseFromAnotherThreadSoThatARunStaysDeterministic() throws Exception {
    VirtualTime time = new VirtualTime();
    Throwable[] error = new Throwable[1];
    Thread other = new Thread(() -> {
      try {
        time.schedule(() -> {}, Duration.ZERO);
      } catch (Throwable e) {
        error[0] = e;
      }
    });
    other.start();
    other.join();
    assertThatThrownBy(() -> {
      if (error[0] != null) {
        throw error[0];
      }
    }).isInstanceOf(IllegalStateException.class).hasMessageContaining("another thread");
  }
}
