package dev.resiliency.benchmarks.report;

import java.util.Locale;

/**
 * The "Targets" table of RESULTS.md: each target of issue 7 with the measured figures at 1 and 2 threads
 * and whether it is met. A target whose benchmark did not run reads "not run".
 */
final class Targets {

  /** Name, benchmark class, and the floor benchmark no implementation can go below ("" for none). */
  private static final String[][] PRIMITIVES = {
      {"CircuitBreaker", "CircuitBreakerBenchmark", ""}, {"BackoffRetry", "RetryBenchmark", ""},
      {"Bulkhead", "BulkheadBenchmark", "FloorBenchmark.twoAtomics"},
      {"RateLimiter", "RateLimiterBenchmark", "FloorBenchmark.clockAndAtomic"}};

  private static final double DEFAULT_TOKEN_MAX = 10;

  private final JmhResults[] jmh;
  private final HedgingResults virtual;
  private final HedgingResults real;
  private StringBuilder out;

  Targets(JmhResults[] jmh, HedgingResults virtual, HedgingResults real) {
    this.jmh = jmh;
    this.virtual = virtual;
    this.real = real;
  }

  void render(StringBuilder sink) {
    out = sink;
    row("target", "1 thread", "2 threads");
    row("---", "---", "---");
    for (String[] primitive : PRIMITIVES) {
      row(primitive[0] + " overhead ≤ 0.5 × resilience4j's", overheadRatio(jmh[0], primitive[1], primitive[2]),
          overheadRatio(jmh[1], primitive[1], primitive[2]));
    }
    for (String[] primitive : PRIMITIVES) {
      row(primitive[0] + " happy path allocates 0 B/op", zeroBytes(jmh[0], primitive[1] + ".ours"),
          zeroBytes(jmh[1], primitive[1] + ".ours"));
    }
    row("Pipeline, all layers but Hedged: overhead ≤ 1 µs", withinMicro(jmh[0], "PipelineBenchmark.ours", 0),
        withinMicro(jmh[1], "PipelineBenchmark.ours", 0));
    row("Pipeline with Hedged (no hedge fired): overhead ≤ hand-off floor + 1 µs",
        withinMicro(jmh[0], "PipelineBenchmark.oursWithHedged", handoff(jmh[0])),
        withinMicro(jmh[1], "PipelineBenchmark.oursWithHedged", handoff(jmh[1])));
    row("Same, Hedged `primaryOnCallerThread` (no hand-off): overhead ≤ hand-off floor + 1 µs",
        withinMicro(jmh[0], "PipelineBenchmark.oursWithHedgedOnCaller", handoff(jmh[0])),
        withinMicro(jmh[1], "PipelineBenchmark.oursWithHedgedOnCaller", handoff(jmh[1])));
    row("Annotation path overhead ≤ 0.7 × resilience4j's annotation stack", annotationRatio(jmh[0]),
        annotationRatio(jmh[1]));
    row("Adaptive hedging (p95), 2 %-tail profile: p99 ≥ 5× lower than none, extra ≤ 10 %",
        hedgeTail(virtual, "adaptive_p95"), hedgeTail(real, "adaptive_p95"));
    row("Adaptive hedging (p99), same", hedgeTail(virtual, "adaptive_p99"), hedgeTail(real, "adaptive_p99"));
    row("Overload (every request slower than all before): token bucket keeps extra ≤ 10 %",
        overload(virtual, "overload-ramp"), overload(real, "overload-ramp"));
    row("Overload (every request ~1 s): extra ≤ 10 %", overload(virtual, "overload-flat"),
        overload(real, "overload-flat"));
    out.append('\n').append("Hedging rows: first column virtual time, second column real time.\n");
  }

  private String overheadRatio(JmhResults run, String clazz, String floorName) {
    String verdict = overheadRatio(run, ResultsReport.DIRECT, clazz + ".ours", clazz + ".resilience4j", 0.5);
    JmhResults.Result floor = floorName.isEmpty() ? null : run.get(floorName);
    JmhResults.Result direct = run.get(ResultsReport.DIRECT);
    if (floor == null || direct == null) {
      return verdict;
    }
    return verdict + String.format(Locale.ROOT, " (floor: %.1f ns)", floor.nsPerOp() - direct.nsPerOp());
  }

  /** Overheads measured from the unproxied bean, so both include the proxy. */
  private String annotationRatio(JmhResults run) {
    String clazz = ResultsReport.ANNOTATION;
    return overheadRatio(run, clazz + ".direct", clazz + ".ours", clazz + ".resilience4j", 0.7);
  }

  /** Met when our overhead over {@code baseline} is at most {@code bound} times resilience4j's. */
  private static String overheadRatio(JmhResults run, String baseline, String oursName, String theirsName,
      double bound) {
    JmhResults.Result direct = run.get(baseline);
    JmhResults.Result ours = run.get(oursName);
    JmhResults.Result theirs = run.get(theirsName);
    if (direct == null || ours == null || theirs == null) {
      return "not run";
    }
    double oursOverhead = ours.nsPerOp() - direct.nsPerOp();
    double theirsOverhead = theirs.nsPerOp() - direct.nsPerOp();
    String figures = String.format(Locale.ROOT, "%.1f vs %.1f ns = %s", oursOverhead, theirsOverhead,
        ResultsReport.ratio(oursOverhead, theirsOverhead));
    return verdict(theirsOverhead > 0 && oursOverhead <= bound * theirsOverhead) + " " + figures;
  }

  private String zeroBytes(JmhResults run, String benchmark) {
    JmhResults.Result result = run.get(benchmark);
    if (result == null) {
      return "not run";
    }
    if (Double.isNaN(result.bytesPerOp())) {
      return "no -prof gc";
    }
    return verdict(result.bytesPerOp() < 0.5)
        + String.format(Locale.ROOT, " %s B/op", ResultsReport.bytes(result.bytesPerOp()));
  }

  private static double handoff(JmhResults run) {
    JmhResults.Result floor = run.get(ResultsReport.HANDOFF);
    JmhResults.Result direct = run.get(ResultsReport.DIRECT);
    return floor == null || direct == null ? Double.NaN : floor.nsPerOp() - direct.nsPerOp();
  }

  private String withinMicro(JmhResults run, String benchmark, double floor) {
    JmhResults.Result direct = run.get(ResultsReport.DIRECT);
    JmhResults.Result result = run.get(benchmark);
    if (direct == null || result == null || Double.isNaN(floor)) {
      return "not run";
    }
    double overhead = result.nsPerOp() - direct.nsPerOp();
    String figures = floor == 0
        ? String.format(Locale.ROOT, "%.0f ns", overhead)
        : String.format(Locale.ROOT, "%.0f ns (floor %.0f ns)", overhead, floor);
    return verdict(overhead <= floor + 1000) + " " + figures;
  }

  private static String hedgeTail(HedgingResults results, String strategy) {
    HedgingResults.Row none = results.find("tail-2pct", "none");
    HedgingResults.Row hedged = results.find("tail-2pct", strategy);
    if (none == null || hedged == null) {
      return "not run";
    }
    boolean met = hedged.p99() * 5 <= none.p99() && hedged.extraPercent() <= 10.0;
    return verdict(met) + String.format(Locale.ROOT, " p99 %.1f vs %.1f ms (%s lower), extra %.2f %%",
        hedged.p99(), none.p99(), hedged.p99() > 0 ? String.format(Locale.ROOT, "%.1f×", none.p99() / hedged.p99()) : "∞",
        hedged.extraPercent());
  }

  private static String overload(HedgingResults results, String profile) {
    HedgingResults.Row adaptive = results.find(profile, "adaptive_p95");
    HedgingResults.Row unlimited = results.find(profile, "adaptive_p95_no_tokens");
    if (adaptive == null) {
      return "not run";
    }
    // With the default tokens the long-run hedge rate is credit / cost = 0.1 / 1.0 = 10 %, and a full bucket
    // lets tokenMax = 10 hedges through at once: the design bound over n requests is 10 % + 10 / n.
    double bound = 10.0 + 100.0 * DEFAULT_TOKEN_MAX / adaptive.requests();
    return verdict(adaptive.extraPercent() <= 10.0) + String.format(Locale.ROOT,
        " extra %.2f %% (design bound 10 %% + %d/%,d = %.2f %%%s)", adaptive.extraPercent(), (int) DEFAULT_TOKEN_MAX,
        adaptive.requests(), bound,
        unlimited == null ? "" : String.format(Locale.ROOT, "; %.2f %% without tokens", unlimited.extraPercent()));
  }

  private static String verdict(boolean met) {
    return met ? "**met**:" : "**not met**:";
  }

  private void row(String a, String b, String c) {
    out.append("| ").append(a).append(" | ").append(b).append(" | ").append(c).append(" |\n");
  }
}
