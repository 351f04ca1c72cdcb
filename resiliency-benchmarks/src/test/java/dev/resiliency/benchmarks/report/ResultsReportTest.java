package dev.resiliency.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsReportTest {

  @TempDir
  Path dir;

  @Test
  void readsScoresAndAllocationFromJmhCsv() throws Exception {
    Path csv = dir.resolve("jmh-t1.csv");
    Files.writeString(csv, String.join("\n",
        "\"Benchmark\",\"Mode\",\"Threads\",\"Samples\",\"Score\",\"Score Error (99.9%)\",\"Unit\"",
        "\"dev.resiliency.benchmarks.Baseline.direct\",\"avgt\",1,10,20.5,0.3,\"ns/op\"",
        "\"dev.resiliency.benchmarks.Baseline.direct:gc.alloc.rate.norm\",\"avgt\",1,10,0.001,0.0,\"B/op\"",
        "\"dev.resiliency.benchmarks.CircuitBreakerBenchmark.ours\",\"avgt\",1,2,40.0,NaN,\"ns/op\"",
        "\"dev.resiliency.benchmarks.CircuitBreakerBenchmark.ours:gc.alloc.rate\",\"avgt\",1,2,0.01,NaN,\"MB/sec\""));

    JmhResults results = JmhResults.read(csv, 1);

    assertThat(results.get("Baseline.direct")).isEqualTo(new JmhResults.Result(20.5, 0.3, 0.001));
    assertThat(results.get("CircuitBreakerBenchmark.ours").nsPerOp()).isEqualTo(40.0);
    assertThat(results.get("CircuitBreakerBenchmark.ours").error()).isNaN();
    assertThat(results.get("CircuitBreakerBenchmark.ours").bytesPerOp()).isNaN();
    assertThat(results.get("RetryBenchmark.ours")).isNull();
  }

  @Test
  void aMissingFileReadsAsNotRun() throws Exception {
    assertThat(JmhResults.read(dir.resolve("absent.csv"), 2).isEmpty()).isTrue();
    assertThat(HedgingResults.read(dir.resolve("absent.csv"), "real").isEmpty()).isTrue();
  }

  @Test
  void ratiosAndBytesAreFormattedForTheTables() {
    assertThat(ResultsReport.ratio(10, 40)).isEqualTo("0.25×");
    assertThat(ResultsReport.ratio(10, 0)).isEqualTo("n/a");
    assertThat(ResultsReport.ratio(10, -3)).isEqualTo("n/a");
    assertThat(ResultsReport.bytes(0.004)).isEqualTo("0");
    assertThat(ResultsReport.bytes(24.01)).isEqualTo("24");
    assertThat(ResultsReport.bytes(Double.NaN)).isEqualTo("?");
  }
}
