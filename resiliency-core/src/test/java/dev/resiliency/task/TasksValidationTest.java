package dev.resiliency.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resiliency.Ticker;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TasksValidationTest {

    private final AtomicInteger submitted = new AtomicInteger();
    private final Executor countingExecutor = task -> {
        submitted.incrementAndGet();
        task.run();
    };
    private final TaskRunner runner = Tasks.using(countingExecutor);
    private final List<Callable<String>> withNull = Arrays.asList(() -> "a", null);

    @Test
    void usingRejectsNullExecutor() {
        assertThatThrownBy(() -> Tasks.using(null))
                .isInstanceOf(NullPointerException.class).hasMessage("executor must not be null");
    }

    @Test
    void usingRejectsNullTicker() {
        assertThatThrownBy(() -> Tasks.using(Runnable::run, (Ticker) null))
                .isInstanceOf(NullPointerException.class).hasMessage("ticker must not be null");
    }

    @Test
    void nullTaskListIsRejectedByEveryCombinator() {
        assertThatThrownBy(() -> runner.race(null)).isInstanceOf(NullPointerException.class).hasMessage("tasks must not be null");
        assertThatThrownBy(() -> runner.allSettled(null)).isInstanceOf(NullPointerException.class).hasMessage("tasks must not be null");
        assertThatThrownBy(() -> runner.firstOk(null)).isInstanceOf(NullPointerException.class).hasMessage("tasks must not be null");
    }

    @Test
    void nullTaskInTheListIsRejectedBeforeAnythingStarts() {
        String message = "tasks must not contain null, found one at index 1";
        assertThatThrownBy(() -> runner.race(withNull)).isInstanceOf(NullPointerException.class).hasMessage(message);
        assertThatThrownBy(() -> runner.allSettled(withNull)).isInstanceOf(NullPointerException.class).hasMessage(message);
        assertThatThrownBy(() -> runner.firstOk(withNull)).isInstanceOf(NullPointerException.class).hasMessage(message);
        assertThat(submitted.get()).isZero();
    }

    @Test
    void nullTimeoutIsRejected() {
        List<Callable<String>> tasks = List.of(() -> "a");
        String message = "timeout must not be null";
        assertThatThrownBy(() -> runner.race(tasks, null)).isInstanceOf(NullPointerException.class).hasMessage(message);
        assertThatThrownBy(() -> runner.allSettled(tasks, null)).isInstanceOf(NullPointerException.class).hasMessage(message);
        assertThatThrownBy(() -> runner.map(List.of(1), i -> i, 1, null)).isInstanceOf(NullPointerException.class).hasMessage(message);
        assertThatThrownBy(() -> runner.firstOk(tasks, null)).isInstanceOf(NullPointerException.class).hasMessage(message);
    }

    @Test
    void negativeTimeoutIsRejected() {
        List<Callable<String>> tasks = List.of(() -> "a");
        Duration negative = Duration.ofMillis(-1);
        String message = "timeout must be >= 0, got: PT-0.001S";
        assertThatThrownBy(() -> runner.race(tasks, negative)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
        assertThatThrownBy(() -> runner.allSettled(tasks, negative)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
        assertThatThrownBy(() -> runner.map(List.of(1), i -> i, 1, negative)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
        assertThatThrownBy(() -> runner.firstOk(tasks, negative)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
        assertThat(submitted.get()).isZero();
    }

    @Test
    void mapRejectsNullItems() {
        assertThatThrownBy(() -> runner.map(null, i -> i, 1))
                .isInstanceOf(NullPointerException.class).hasMessage("items must not be null");
    }

    @Test
    void mapRejectsNullFunction() {
        assertThatThrownBy(() -> runner.map(List.of(1), null, 1))
                .isInstanceOf(NullPointerException.class).hasMessage("fn must not be null");
    }

    @Test
    void mapRejectsZeroMaxConcurrency() {
        assertThatThrownBy(() -> runner.map(List.of(1), i -> i, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxConcurrency must be >= 1, got: 0");
        assertThat(submitted.get()).isZero();
    }

    @Test
    void mapRejectsNegativeMaxConcurrency() {
        assertThatThrownBy(() -> runner.map(List.of(1), i -> i, -2, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxConcurrency must be >= 1, got: -2");
    }

    @Test
    void mapValidatesMaxConcurrencyEvenForEmptyInput() {
        assertThatThrownBy(() -> runner.map(List.of(), i -> i, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxConcurrency must be >= 1, got: 0");
    }

    @Test
    void aDirectExecutorStillGivesCorrectResults() throws Exception {
        assertThat(runner.race(List.<Callable<String>>of(() -> "a", () -> "b"))).isEqualTo("a");
        assertThat(runner.map(List.of(1, 2, 3), i -> i + 1, 2)).containsExactly(2, 3, 4);
        assertThat(runner.allSettled(List.<Callable<String>>of(() -> "a"))).containsExactly(Settled.success("a"));
    }
}
