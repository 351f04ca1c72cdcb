package dev.resiliency.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Settings shared by every per-call overhead benchmark (JMH annotations are inherited): average time in
 * nanoseconds, one thread by default ({@code run.sh} runs the suite again with {@code -t 2}), a fixed 1 GiB
 * heap so that {@code -prof gc} figures are comparable between forks. {@code run.sh} overrides the iteration
 * counts for {@code --quick}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public abstract class OverheadBenchmark {}
