package dev.resiliency.task;

import static dev.resiliency.InvalidArgument.iae;
import static dev.resiliency.InvalidArgument.npe;

import dev.resiliency.InvalidArgument;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every public entry point of the task package refuses bad arguments with a message naming them. */
class TasksInvalidArgumentsTest {

    private static final List<Callable<Integer>> ONE = List.of(() -> 1);
    private static final List<Callable<Integer>> WITH_NULL = Arrays.asList(() -> 1, null);
    private static final Duration NEGATIVE = Duration.ofMillis(-1);

    static Stream<Arguments> rows() {
        return Stream.of(
                npe("using(null executor)", () -> Tasks.using(null), "executor"),
                npe("using(executor, null ticker)", () -> Tasks.using(Runnable::run, null), "ticker"),
                npe("race null tasks", () -> Tasks.race(null), "tasks"),
                iae("race empty", () -> Tasks.race(List.of()), "tasks", "empty"),
                npe("race null element", () -> Tasks.race(WITH_NULL), "tasks", "index 1"),
                iae("race negative timeout", () -> Tasks.race(ONE, NEGATIVE), "timeout"),
                npe("race null timeout", () -> Tasks.race(ONE, null), "timeout"),
                npe("allSettled null tasks", () -> Tasks.allSettled(null), "tasks"),
                npe("allSettled null element", () -> Tasks.allSettled(WITH_NULL), "tasks", "index 1"),
                iae("allSettled negative timeout", () -> Tasks.allSettled(ONE, NEGATIVE), "timeout"),
                npe("allSettled null timeout", () -> Tasks.allSettled(ONE, null), "timeout"),
                npe("map null items", () -> Tasks.map(null, x -> x, 1), "items"),
                npe("map null fn", () -> Tasks.map(List.of(1), null, 1), "fn"),
                iae("map maxConcurrency 0", () -> Tasks.map(List.of(1), x -> x, 0), "maxConcurrency", "0"),
                iae("map maxConcurrency negative", () -> Tasks.map(List.of(1), x -> x, -4), "maxConcurrency"),
                iae("map negative timeout", () -> Tasks.map(List.of(1), x -> x, 1, NEGATIVE), "timeout"),
                npe("map null timeout", () -> Tasks.map(List.of(1), x -> x, 1, null), "timeout"),
                npe("firstOk null tasks", () -> Tasks.firstOk(null), "tasks"),
                iae("firstOk empty", () -> Tasks.firstOk(List.of()), "tasks", "empty"),
                npe("firstOk null element", () -> Tasks.firstOk(WITH_NULL), "tasks", "index 1"),
                iae("firstOk negative timeout", () -> Tasks.firstOk(ONE, NEGATIVE), "timeout"),
                npe("firstOk null timeout", () -> Tasks.firstOk(ONE, null), "timeout"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void isRefused(String description, InvalidArgument row) {
        row.assertRefused();
    }
}
