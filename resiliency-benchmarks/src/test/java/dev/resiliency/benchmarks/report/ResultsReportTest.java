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
  void theAnnotationTableMeasuresOverheadFromTheUnproxiedBeanAndComparesSpringWithTheSameSubset()
      throws Exception {
    String bench = "dev.resiliency.benchmarks.annotation.AnnotationBenchmark.";
    Files.writeString(dir.resolve("jmh-t1.csv"), String.join("\n",
        "\"Benchmark\",\"Mode\",\"Threads\",\"Samples\",\"Score\",\"Score Error (99.9%)\",\"Unit\"",
        "\"dev.resiliency.benchmarks.Baseline.direct\",\"avgt\",1,10,10.0,0.1,\"ns/op\"",
        "\"" + bench + "direct\",\"avgt\",1,10,20.0,0.1,\"ns/op\"",
        "\"" + bench + "ours\",\"avgt\",1,10,120.0,1.0,\"ns/op\"",
        "\"" + bench + "ours:gc.alloc.rate.norm\",\"avgt\",1,10,48.0,0.0,\"B/op\"",
        "\"" + bench + "resilience4j\",\"avgt\",1,10,420.0,1.0,\"ns/op\"",
        "\"" + bench + "oursRetryBulkhead\",\"avgt\",1,10,70.0,1.0,\"ns/op\"",
        "\"" + bench + "spring\",\"avgt\",1,10,220.0,1.0,\"ns/op\""));

    String report = ResultsReport.report(dir);

    assertThat(report).contains("| Annotation path overhead ≤ 0.7 × resilience4j's annotation stack | "
        + "**met**: 100.0 vs 400.0 ns = 0.25× | not run |");
    assertThat(report).contains("| **ours** `@CircuitBreaker @RateLimiter @Bulkhead @Retry` | 1 | 120.0 | 1.0 | "
        + "100.0 | 48 |  |  |");
    assertThat(report).contains("| resilience4j-spring-boot4, the same four annotations | 1 | 420.0 | 1.0 | 400.0 "
        + "| ? | 0.25× | 0.29× |");
    // Spring is compared with ours @Bulkhead @Retry: (70 - 20) / (220 - 20)
    assertThat(report).contains("| 1 | 220.0 | 1.0 | 200.0 | ? | 0.25× | 0.32× |");
    assertThat(report).contains("| the bean unproxied (this table's baseline) | 1 | 20.0 | 0.1 | 0.0 | ? |  |  |");
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
