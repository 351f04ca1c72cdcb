package dev.resiliency.benchmarks.hedging;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The hedging tail-latency study: every {@link Profile} against its {@link Strategy strategies}, on a
 * virtual clock (deterministic, full-scale latencies, {@link VirtualRun}) and/or in real time (threads,
 * latencies divided by {@code --scale}, {@link RealTimeRun}). Writes {@code hedging-<mode>.csv} and
 * {@code hedging-<mode>.png} to {@code --out}.
 *
 * <pre>
 * java -cp benchmarks.jar dev.resiliency.benchmarks.hedging.HedgingStudy
 *     [--mode virtual|real|both] [--out DIR] [--seed N] [--scale N] [--budget-seconds N] [--quick] [--profile NAME]
 * </pre>
 * Defaults: both modes, {@code target/hedging}, seed 42, real-time scale 10 (10 ms becomes 1 ms), at most
 * 60 s of real time per profile, every profile ({@code --profile NAME} for one). {@code --quick} runs a tenth
 * of the requests.
 */
public final class HedgingStudy {

  /** Request counts of a real-time run, relative to the virtual one (which runs in milliseconds). */
  private static final double REAL_TIME_TAIL_SHARE = 0.2;
  private static final double REAL_TIME_OVERLOAD_SHARE = 0.075;

  private HedgingStudy() {}

  public static void main(String[] args) throws Exception {
    String mode = "both";
    File out = new File("target/hedging");
    long seed = 42;
    double scale = 10;
    long budgetSeconds = 60;
    double share = 1.0;
    String only = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--mode" -> mode = args[++i];
        case "--out" -> out = new File(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--scale" -> scale = Double.parseDouble(args[++i]);
        case "--budget-seconds" -> budgetSeconds = Long.parseLong(args[++i]);
        case "--quick" -> share = 0.1;
        case "--profile" -> only = args[++i];
        case "--help", "-h" -> {
          System.out.println("HedgingStudy [--mode virtual|real|both] [--out DIR] [--seed N] [--scale N]"
              + " [--budget-seconds N] [--quick] [--profile NAME]");
          return;
        }
        default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
      }
    }
    if (!List.of("virtual", "real", "both").contains(mode)) {
      throw new IllegalArgumentException("--mode must be virtual, real or both, got: " + mode);
    }
    if (!mode.equals("real")) {
      run("virtual", out, seed, 1.0, 0, share, only);
    }
    if (!mode.equals("virtual")) {
      run("real", out, seed, scale, budgetSeconds, share, only);
    }
  }

  private static void run(String mode, File out, long seed, double scale, long budgetSeconds, double share,
      String only) throws IOException, InterruptedException {
    boolean real = mode.equals("real");
    List<String> rows = new ArrayList<>();
    List<CcdfPlot.Panel> panels = new ArrayList<>();
    for (Profile full : Profile.all()) {
      if (only != null && !full.name().equals(only)) {
        continue;
      }
      double profileShare = share * (real
          ? (full.name().startsWith("overload") ? REAL_TIME_OVERLOAD_SHARE : REAL_TIME_TAIL_SHARE) : 1.0);
      Profile profile = profileShare == 1.0 ? full : full.shrink(profileShare);
      long[][] latencies = profile.latencies(2, seed);
      List<Outcome.Summary> curves = new ArrayList<>();
      for (Strategy strategy : profile.strategies()) {
        Outcome outcome = real
            ? RealTimeRun.run(profile, strategy, latencies, scale,
                budgetSeconds * 1_000_000_000L / profile.strategies().size())
            : VirtualRun.run(profile, strategy, latencies);
        Outcome.Summary summary = outcome.summary();
        curves.add(summary);
        rows.add(summary.csv(mode, scale));
        System.out.printf(Locale.ROOT,
            "%-8s %-14s %-30s n=%6d p50 %8.1f p99 %8.1f p99.9 %8.1f ms extra %5.2f %%%s (%d ms)%n",
            mode, profile.name(), strategy.label, summary.requests(), summary.p50(), summary.p99(), summary.p999(),
            summary.extraPercent(), summary.truncated() ? " TRUNCATED" : "", summary.wallMillis());
      }
      panels.add(new CcdfPlot.Panel(profile.name() + " (" + String.format(Locale.ROOT, "%,d", profile.measured())
          + " requests, " + profile.concurrency() + " clients)", curves));
    }
    out.mkdirs();
    File csv = new File(out, "hedging-" + mode + ".csv");
    try (PrintWriter writer = new PrintWriter(csv, StandardCharsets.UTF_8)) {
      writer.println(Outcome.Summary.CSV_HEADER);
      rows.forEach(writer::println);
    }
    String title = real
        ? String.format(Locale.ROOT, "Hedging study, real time (time scaled 1/%d, reported unscaled), seed %d",
            (long) scale, seed)
        : "Hedging study, virtual time (deterministic, full-scale latencies), seed " + seed;
    CcdfPlot.write(new File(out, "hedging-" + mode + ".png"), title, panels);
    System.out.println("wrote " + csv + " and hedging-" + mode + ".png");
  }
}
