package dev.resiliency.benchmarks.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Writes the tables of RESULTS.md (to standard output) from the files {@code run.sh} leaves in the results
 * folder: {@code jmh-t1.csv}, {@code jmh-t2.csv} (JMH with {@code -prof gc}) and {@code hedging-virtual.csv},
 * {@code hedging-real.csv} (the hedging study). {@code run.sh} writes the machine header above them.
 *
 * <p>Overhead = a benchmark's ns/op minus {@code Baseline.direct}'s at the same thread count in the same run;
 * "ours ÷ this" compares our overhead with the row's.
 *
 * <pre>java -cp benchmarks.jar dev.resiliency.benchmarks.report.ResultsReport RESULTS_DIR</pre>
 */
public final class ResultsReport {

  static final String DIRECT = "Baseline.direct";
  static final String HANDOFF = "HandoffBenchmark.defaultExecutor";
  static final String ANNOTATION = "annotation.AnnotationBenchmark";

  private final JmhResults[] jmh;
  private final HedgingResults virtual;
  private final HedgingResults real;
  private final Properties versions = new Properties();
  private final StringBuilder out = new StringBuilder();

  private ResultsReport(Path dir) throws IOException {
    jmh = new JmhResults[] {
        JmhResults.read(dir.resolve("jmh-t1.csv"), 1), JmhResults.read(dir.resolve("jmh-t2.csv"), 2)};
    virtual = HedgingResults.read(dir.resolve("hedging-virtual.csv"), "virtual");
    real = HedgingResults.read(dir.resolve("hedging-real.csv"), "real");
    try (InputStream in = ResultsReport.class.getResourceAsStream("/benchmark-versions.properties")) {
      if (in != null) {
        versions.load(in);
      }
    }
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: ResultsReport RESULTS_DIR");
    }
    System.out.print(report(Path.of(args[0])));
  }

  /** The tables of RESULTS.md for the files in {@code dir}. */
  static String report(Path dir) throws IOException {
    ResultsReport report = new ResultsReport(dir);
    report.render();
    return report.out.toString();
  }

  private void render() {
    Targets targets = new Targets(jmh, virtual, real);
    line("## Targets (issue 7)");
    line("");
    targets.render(out);
    line("");
    line("## Per-call overhead");
    line("");
    line("Average time per call (`-prof gc` for B/op), `@Threads(1)` and 2 threads sharing one instance. The "
        + "protected call is `Work`: `Blackhole.consumeCPU(" + dev.resiliency.benchmarks.Work.TOKENS + ")` returning a constant, the same in every "
        + "library. **Overhead** = ns/op − the direct call's ns/op (same run, same thread count); **ours ÷ this** "
        + "= our overhead ÷ that row's overhead (below 1: we add less). Competitors: resilience4j "
        + versions.getProperty("resilience4j", "?") + ", Failsafe " + versions.getProperty("failsafe", "?")
        + ", Spring Framework 7 (Spring Boot " + versions.getProperty("spring-boot", "?") + " BOM), Caffeine "
        + "(same BOM), JDK " + Runtime.version().feature() + "; JMH " + versions.getProperty("jmh", "?") + ". "
        + "Configuration: `Settings.java` (identical numbers in every library).");
    line("");
    for (JmhResults run : jmh) {
      JmhResults.Result direct = run.get(DIRECT);
      if (direct != null) {
        line(String.format(Locale.ROOT, "- Direct call, %d thread%s: **%.1f ns/op**, %s B/op", run.threads,
            run.threads == 1 ? "" : "s", direct.nsPerOp(), bytes(direct.bytesPerOp())));
      }
    }
    line("");
    for (Group group : Group.ALL) {
      table(group);
    }
    hedging(virtual, "virtual time (deterministic, full-scale latencies)");
    hedging(real, "real time (threads; latencies scaled down, reported unscaled)");
  }

  private void table(Group group) {
    line("### " + group.title());
    line("");
    line(group.note());
    line("");
    line("| implementation | threads | ns/op | ± | overhead ns | B/op | ours ÷ this (overhead) | ours ÷ this (ns/op) |");
    line("|---|---:|---:|---:|---:|---:|---:|---:|");
    for (JmhResults run : jmh) {
      JmhResults.Result direct = run.get(group.baseline());
      for (String[] method : group.methods()) {
        JmhResults.Result result = run.get(group.clazz() + "." + method[0]);
        if (result == null) {
          continue;
        }
        String oursMethod = method.length > 2 ? method[2] : group.ours();
        JmhResults.Result ours = oursMethod.isEmpty() ? null : run.get(group.clazz() + "." + oursMethod);
        boolean comparable = ours != null && !method[0].equals(oursMethod) && !method[0].startsWith("ours");
        line(String.format(Locale.ROOT, "| %s | %d | %.1f | %s | %s | %s | %s | %s |", method[1], run.threads,
            result.nsPerOp(), Double.isNaN(result.error()) ? "" : String.format(Locale.ROOT, "%.1f", result.error()),
            direct == null ? "" : String.format(Locale.ROOT, "%.1f", result.nsPerOp() - direct.nsPerOp()),
            bytes(result.bytesPerOp()),
            comparable && direct != null ? ratio(ours.nsPerOp() - direct.nsPerOp(), result.nsPerOp() - direct.nsPerOp()) : "",
            comparable ? ratio(ours.nsPerOp(), result.nsPerOp()) : ""));
      }
    }
    line("");
  }

  private void hedging(HedgingResults results, String title) {
    if (results.isEmpty()) {
      return;
    }
    line("## Hedging study: " + title);
    line("");
    line("Time scale " + results.rows.get(0).timeScale() + ". Latencies in ms as the caller saw them, over the "
        + "measured window; **extra** = copies sent to the downstream beyond one per request; **p99 ÷ none** = "
        + "this p99 ÷ the p99 without hedging. Plot: [hedging-" + results.mode + ".png](results/hedging-"
        + results.mode + ".png) (complementary CDF, log-log).");
    line("");
    line("| profile | strategy | requests | p50 | p99 | p99.9 | max | extra % | p99 ÷ none | p99.9 ÷ none |");
    line("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (HedgingResults.Row row : results.rows) {
      HedgingResults.Row none = results.find(row.profile(), "none");
      line(String.format(Locale.ROOT, "| %s | %s%s | %,d | %.1f | %.1f | %.1f | %.1f | %.2f | %s | %s |",
          row.profile(), row.strategy(), row.truncated() ? " (time budget hit)" : "", row.requests(), row.p50(),
          row.p99(), row.p999(), row.max(), row.extraPercent(),
          none == null ? "" : ratio(row.p99(), none.p99()), none == null ? "" : ratio(row.p999(), none.p999())));
    }
    line("");
    line("![hedging " + results.mode + "](results/hedging-" + results.mode + ".png)");
    line("");
    if (results == virtual) {
      line("Reading notes:");
      line("");
      line("- Reference point: \"The Tail at Scale\" (Dean & Barroso, 2013) reports p99.9 falling from 1,800 ms "
          + "to 74 ms for 2 % more requests when hedging after 10 ms.");
      line("- Every strategy faces the same drawn latencies (one table per profile and seed), and each copy of a "
          + "request draws its own latency, so a hedge escapes the tail only by its own luck.");
      line("- A fixed 10 ms delay on a downstream whose *median* is 10 ms hedges half the requests; the adaptive "
          + "delay (a percentile of recent latencies) finds the knee by itself.");
      line("- Adaptive p99 needs the tail to be rarer than 1 %: the tracker records the latency the *caller* saw, "
          + "so when 2 % of calls are slow the p99 sits inside the slow mode and the delay drifts towards it.");
      line("- Overload: with the default tokens (credit 0.1 per call, cost 1 per hedge, 10 at most) the long-run "
          + "hedge rate is at most 10 %, plus the 10 hedges a full bucket allows at once (10 % + 10/n over n "
          + "requests). `overload-ramp` is the adversarial case (every call slower than every recorded one, so "
          + "every call wants to hedge); `overload-flat` shows the percentile adapting by itself.");
      line("");
    }
  }

  private void line(String s) {
    out.append(s).append('\n');
  }

  static String bytes(double bytesPerOp) {
    if (Double.isNaN(bytesPerOp)) {
      return "?";
    }
    return bytesPerOp < 0.5 ? "0" : String.format(Locale.ROOT, "%.0f", bytesPerOp);
  }

  /** {@code a ÷ b} as "0.42×", or "n/a" when b is not positive (an overhead lost in the noise). */
  static String ratio(double a, double b) {
    if (!(b > 0) || Double.isNaN(a)) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%.2f×", a / b);
  }

  /**
   * A table of RESULTS.md: a benchmark class, the method that is ours, the rows {method, label} or {method,
   * label, our method it is compared with ("" for none)}, and the benchmark overheads are measured from.
   */
  record Group(String title, String clazz, String ours, List<String[]> methods, String note, String baseline) {

    Group(String title, String clazz, String ours, List<String[]> methods, String note) {
      this(title, clazz, ours, methods, note, DIRECT);
    }

    static final List<Group> ALL = List.of(
        new Group("CircuitBreaker", "CircuitBreakerBenchmark", "ours", List.of(
            new String[] {"ours", "**resiliency (ours)**"}, new String[] {"resilience4j", "resilience4j"},
            new String[] {"failsafe", "Failsafe"}),
            "Closed breaker, successful call; count window 100, minimum 10 calls, 50 % threshold."),
        new Group("BackoffRetry", "RetryBenchmark", "ours", List.of(
            new String[] {"ours", "**resiliency (ours)**"}, new String[] {"resilience4j", "resilience4j"},
            new String[] {"failsafe", "Failsafe"}, new String[] {"spring", "Spring `RetryTemplate`"}),
            "Success on the first attempt; 3 attempts, exponential 100 ms × 2 capped at 5 s."),
        new Group("Bulkhead", "BulkheadBenchmark", "ours", List.of(
            new String[] {"ours", "**resiliency (ours)**"}, new String[] {"resilience4j", "resilience4j (semaphore)"},
            new String[] {"failsafe", "Failsafe"},
            new String[] {"spring", "Spring `ConcurrencyThrottleInterceptor` (`@ConcurrencyLimit`)"}),
            "10 concurrent calls allowed, no waiting (never full here)."),
        new Group("RateLimiter", "RateLimiterBenchmark", "ours", List.of(
            new String[] {"ours", "**resiliency (ours)**"}, new String[] {"resilience4j", "resilience4j"},
            new String[] {"failsafe", "Failsafe (bursty)"}),
            "Ample tokens: 10^9/s, burst 10^8 (competitors: 10^8 per 100 ms), no waiting."),
        new Group("WeightedSemaphore", "WeightedSemaphoreBenchmark", "ours", List.of(
            new String[] {"ours", "**resiliency (ours)** `acquire`"},
            new String[] {"oursTryAcquire", "resiliency (ours) `tryAcquire`"},
            new String[] {"jdkSemaphoreFair", "`java.util.concurrent.Semaphore` fair"},
            new String[] {"jdkSemaphoreNonFair", "`java.util.concurrent.Semaphore` non-fair"}),
            "max 10, weight 1; JDK semaphore used as acquire / call / release in finally."),
        new Group("SingleFlight (distinct keys)", "SingleFlightBenchmark", "ours", List.of(
            new String[] {"ours", "**resiliency (ours)**"},
            new String[] {"caffeine", "Caffeine `AsyncCache.get` + `asMap().remove`"}),
            "A new key per call (no caller joins another's flight): register, run in the caller, remove."),
        new Group("Pipeline happy path", "PipelineBenchmark", "oursSameLayers", List.of(
            new String[] {"ours", "**ours, all layers but Hedged** (CB, SF, RL, BH, WS, Retry)"},
            new String[] {"oursWithHedged", "**ours, all 7 layers** (Hedged, no hedge fired)"},
            new String[] {"oursWithHedgedOnCaller", "**ours, all 7 layers**, Hedged `primaryOnCallerThread`"},
            new String[] {"oursSameLayers", "**ours, CB → RL → BH → Retry**"},
            new String[] {"resilience4j", "resilience4j, CB → RL → BH → Retry"},
            new String[] {"failsafe", "Failsafe, CB → RL → BH → Retry"}),
            "Ratios compare the four layers all three libraries have (ours, CB → RL → BH → Retry)."),
        new Group("Hedged and the thread hand-off floor", "HedgedBenchmark", "ours", List.of(
            new String[] {"ours", "**ours, adaptive** (no hedge fired)"},
            new String[] {"oursFixedDelay", "ours, fixed delay 100 ms (no hedge fired)"},
            new String[] {"oursPrimaryOnCaller", "**ours, adaptive, `primaryOnCallerThread`** (no hand-off)"}),
            "resilience4j 2.4.0 and Failsafe 3.3.2 publish no hedging policy. The hand-off floor follows."),
        new Group("The hardware floor under an admission check", "FloorBenchmark", "twoAtomics", List.of(
            new String[] {"oneAtomic", "one `AtomicLong.incrementAndGet` (`lock xadd`)", ""},
            new String[] {"twoAtomics", "two: increment before the call, decrement after (a bulkhead's least)", ""},
            new String[] {"longAdder", "one uncontended `LongAdder.increment` (a call counter)", ""},
            new String[] {"nanoTime", "one `System.nanoTime()`", ""},
            new String[] {"clockAndAtomic", "a clock read and one CAS (a token bucket's least)", ""}),
            "Only the shared-memory operations and clock read a limiter cannot avoid, no library logic. No "
                + "bulkhead can add less than `twoAtomics` to a call, no clock-based rate limiter less than "
                + "`clockAndAtomic`: a target below these rows is out of reach by construction. At 2 threads the "
                + "rows show what one contended cache line costs."),
        new Group("Thread hand-off floor", "HandoffBenchmark", "defaultExecutor", List.of(
            new String[] {"defaultExecutor", "`CompletableFuture.supplyAsync(work, DefaultExecutors.executor()).join()`"},
            new String[] {"cachedThreadPool", "`cachedThreadPool.submit(work).get()`"}),
            "Running `Work` on another thread and waiting for it: no resilience logic at all."),
        new Group("Annotation path (Spring AOP proxies)", ANNOTATION, "ours", List.of(
            new String[] {"direct", "the bean unproxied (this table's baseline)", ""},
            new String[] {"proxyOnly", "CGLIB proxy, one interceptor that only proceeds (the proxy floor)", ""},
            new String[] {"ours", "**ours** `@CircuitBreaker @RateLimiter @Bulkhead @Retry`"},
            new String[] {"resilience4j", "resilience4j-spring-boot4, the same four annotations"},
            new String[] {"oursRetryBulkhead", "**ours** `@Bulkhead @Retry`"},
            new String[] {"spring", "Spring 7 `@ConcurrencyLimit @Retryable` (`@EnableResilientMethods`)",
                "oursRetryBulkhead"}),
            "One method of a Spring bean called through its proxy, each library in its own application context "
                + "(Spring Boot without web for ours and resilience4j, whose aspect orders are set to our "
                + "canonical CB → RL → BH → Retry; a plain context for Spring 7), configured from `Settings.java`. "
                + "**Overhead here is measured from the unproxied bean** (`direct`), so it includes the proxy. "
                + "Spring 7 has a retry and a concurrency limit only: it is compared with ours `@Bulkhead @Retry`. "
                + "resilience4j's Spring Boot integration also records every call's events in a 100-entry "
                + "buffer per instance (for its actuator endpoints) by default, kept here as shipped (ours keeps none "
                + "unless `resiliency.events.buffer-size` is set). Its aspects "
                + "bind the annotation as an advice argument (`@annotation(circuitBreaker)`), so Spring AOP "
                + "re-evaluates each AspectJ pointcut at every call (a profile shows `Class.forName` under "
                + "AspectJ's `Java15AnnotationFinder` for each of the four aspects).",
            ANNOTATION + ".direct"));
  }
}
