package dev.resiliency.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The results of one JMH run ({@code -rf csv}), keyed by {@code SimpleClass.method}: the primary score
 * (ns/op) with its 99.9 % error, and {@code gc.alloc.rate.norm} (B/op) from {@code -prof gc}.
 */
final class JmhResults {

  private static final String PACKAGE = "dev.resiliency.benchmarks.";

  /** One benchmark's figures; {@code bytesPerOp} is NaN without {@code -prof gc}. */
  record Result(double nsPerOp, double error, double bytesPerOp) {}

  private final Map<String, double[]> scores = new HashMap<>();
  private final Map<String, Double> allocation = new HashMap<>();
  final int threads;

  private JmhResults(int threads) {
    this.threads = threads;
  }

  static JmhResults read(Path csv, int threads) throws IOException {
    JmhResults results = new JmhResults(threads);
    if (!Files.exists(csv)) {
      return results;
    }
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    for (int i = 1; i < lines.size(); i++) {
      List<String> cells = cells(lines.get(i));
      if (cells.size() < 7) {
        continue;
      }
      String name = cells.get(0).startsWith(PACKAGE) ? cells.get(0).substring(PACKAGE.length()) : cells.get(0);
      double score = number(cells.get(4));
      double error = number(cells.get(5));
      int colon = name.indexOf(':');
      if (colon < 0) {
        results.scores.put(name, new double[] {score, error});
      } else if (name.endsWith("gc.alloc.rate.norm")) {
        results.allocation.put(name.substring(0, colon), score);
      }
    }
    return results;
  }

  boolean isEmpty() {
    return scores.isEmpty();
  }

  /** {@code null} when the benchmark was not run. */
  Result get(String benchmark) {
    double[] score = scores.get(benchmark);
    if (score == null) {
      return null;
    }
    return new Result(score[0], score[1], allocation.getOrDefault(benchmark, Double.NaN));
  }

  private static double number(String cell) {
    try {
      return Double.parseDouble(cell);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /** CSV cells; JMH quotes strings and never puts a comma or a quote inside one. */
  private static List<String> cells(String line) {
    List<String> cells = new ArrayList<>();
    for (String cell : line.split(",", -1)) {
      cells.add(cell.length() >= 2 && cell.startsWith("\"") && cell.endsWith("\"")
          ? cell.substring(1, cell.length() - 1) : cell);
    }
    return cells;
  }
}
