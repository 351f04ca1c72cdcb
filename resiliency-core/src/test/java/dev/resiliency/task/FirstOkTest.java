package dev.resiliency.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resiliency.AllFailedException;
import dev.resiliency.testing.FakeTicker;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FirstOkTest {

    private static final Executor UNUSED = task -> {
        throw new AssertionError("firstOk must not use the executor");
    };

    private final FakeTicker ticker = new FakeTicker();
    private final TaskRunner runner = Tasks.using(UNUSED, ticker);

    @Test
    void returnsTheFirstSuccessAndNeverCallsTheRest() throws Exception {
        AtomicInteger laterCalls = new AtomicInteger();
        List<Callable<String>> tasks = List.of(() -> "first", () -> "second" + laterCalls.incrementAndGet());

        assertThat(Tasks.firstOk(tasks)).isEqualTo("first");
        assertThat(laterCalls.get()).isZero();
    }

    @Test
    void skipsFailuresSequentiallyInTheCallerThread() throws Exception {
        Thread caller = Thread.currentThread();
        List<String> trace = Collections.synchronizedList(new ArrayList<>());
        List<Callable<String>> tasks = List.of(
                () -> {
                    trace.add("a:" + (Thread.currentThread() == caller));
                    throw new IOException("a");
                },
                () -> {
                    trace.add("b:" + (Thread.currentThread() == caller));
                    throw new IllegalStateException("b");
                },
                () -> {
                    trace.add("c:" + (Thread.currentThread() == caller));
                    return "c";
                },
                () -> {
                    trace.add("d");
                    return "d";
                });

        assertThat(runner.firstOk(tasks)).isEqualTo("c");
        assertThat(trace).containsExactly("a:true", "b:true", "c:true");
    }

    @Test
    void nullIsASuccess() throws Exception {
        assertThat(Tasks.firstOk(List.<Callable<String>>of(() -> null, () -> "later"))).isNull();
    }

    @Test
    void allFailedThrowsAllFailedExceptionWithFailuresInOrder() {
        IOException a = new IOException("a");
        Exception b = new Exception("b");
        List<Callable<String>> tasks = List.of(() -> {
            throw a;
        }, () -> {
            throw b;
        });

        assertThatThrownBy(() -> runner.firstOk(tasks))
                .isInstanceOf(AllFailedException.class)
                .hasMessage("firstOk: all 2 alternatives failed")
                .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(a, b));
    }

    @Test
    void budgetSpentAfterAFailureStopsTheChain() {
        AtomicInteger secondCalls = new AtomicInteger();
        List<Callable<String>> tasks = List.of(() -> {
            ticker.advanceMillis(200);
            throw new IOException("slow failure");
        }, () -> "second" + secondCalls.incrementAndGet());

        assertThatThrownBy(() -> runner.firstOk(tasks, Duration.ofMillis(50)))
                .isInstanceOf(AllFailedException.class)
                .hasMessage("firstOk (time budget of 50 ms spent after 1 of 2 tasks): all 1 alternatives failed");
        assertThat(secondCalls.get()).isZero();
    }

    @Test
    void budgetExactlySpentStopsTheChain() {
        List<Callable<String>> tasks = List.of(() -> {
            ticker.advanceMillis(50);
            throw new IOException("failure");
        }, () -> "second");

        assertThatThrownBy(() -> runner.firstOk(tasks, Duration.ofMillis(50))).isInstanceOf(AllFailedException.class);
    }

    @Test
    void budgetLeftAfterAFailureTriesTheNext() throws Exception {
        List<Callable<String>> tasks = List.of(() -> {
            ticker.advanceMillis(10);
            throw new IOException("quick failure");
        }, () -> "second");

        assertThat(runner.firstOk(tasks, Duration.ofMillis(50))).isEqualTo("second");
    }

    @Test
    void budgetIsTotalAcrossAttempts() {
        AtomicInteger thirdCalls = new AtomicInteger();
        Callable<String> fail30ms = () -> {
            ticker.advanceMillis(30);
            throw new IOException("failure");
        };
        List<Callable<String>> tasks = List.of(fail30ms, fail30ms, () -> "third" + thirdCalls.incrementAndGet());

        assertThatThrownBy(() -> runner.firstOk(tasks, Duration.ofMillis(50)))
                .isInstanceOf(AllFailedException.class)
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(2));
        assertThat(thirdCalls.get()).isZero();
    }

    @Test
    void successAfterTheBudgetRanOutIsStillReturned() throws Exception {
        List<Callable<String>> tasks = List.of(() -> {
            ticker.advanceMillis(200);
            return "late but ok";
        });

        assertThat(runner.firstOk(tasks, Duration.ofMillis(50))).isEqualTo("late but ok");
    }

    @Test
    void budgetIsNotPreemptiveSoALateSecondSuccessCounts() throws Exception {
        List<Callable<String>> tasks = List.of(() -> {
            ticker.advanceMillis(10);
            throw new IOException("failure");
        }, () -> {
            ticker.advanceMillis(500);
            return "slow success";
        });

        assertThat(runner.firstOk(tasks, Duration.ofMillis(50))).isEqualTo("slow success");
    }

    @Test
    void zeroBudgetStillTriesTheFirstTask() throws Exception {
        AtomicInteger secondCalls = new AtomicInteger();

        assertThat(runner.firstOk(List.<Callable<String>>of(() -> "first"), Duration.ZERO)).isEqualTo("first");
        assertThatThrownBy(() -> runner.firstOk(List.<Callable<String>>of(() -> {
            throw new IOException("x");
        }, () -> "second" + secondCalls.incrementAndGet()), Duration.ZERO)).isInstanceOf(AllFailedException.class);
        assertThat(secondCalls.get()).isZero();
    }

    @Test
    void anErrorPropagatesAtOnce() {
        AtomicInteger secondCalls = new AtomicInteger();
        AssertionError bug = new AssertionError("bug");

        assertThatThrownBy(() -> runner.firstOk(List.<Callable<String>>of(() -> {
            throw bug;
        }, () -> "second" + secondCalls.incrementAndGet()))).isSameAs(bug);
        assertThat(secondCalls.get()).isZero();
    }

    @Test
    void interruptedExceptionEndsTheChainAndIsRethrownUnchanged() {
        AtomicInteger secondCalls = new AtomicInteger();
        InterruptedException interrupt = new InterruptedException("stop");

        assertThatThrownBy(() -> runner.firstOk(List.<Callable<String>>of(() -> {
            throw interrupt;
        }, () -> "second" + secondCalls.incrementAndGet()))).isSameAs(interrupt);
        assertThat(secondCalls.get()).isZero();
    }

    @Test
    void emptyListIsRejected() {
        assertThatThrownBy(() -> Tasks.firstOk(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tasks must not be empty");
        assertThatThrownBy(() -> Tasks.firstOk(List.of(), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tasks must not be empty");
    }
}
