package dev.resiliency.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The rows of a {@code hedging-<mode>.csv} written by the hedging study, in file order. */
final class HedgingResults {

  /** One (profile, strategy) row; latencies in ms, unscaled. */
  record Row(String profile, String strategy, int requests, double extraPercent, double p50, double p99,
      double p999, double max, long failures, boolean truncated, String timeScale) {}

  final String mode;
  final List<Row> rows = new ArrayList<>();

  private HedgingResults(String mode) {
    this.mode = mode;
  }

  static HedgingResults read(Path csv, String mode) throws IOException {
    HedgingResults results = new HedgingResults(mode);
    if (!Files.exists(csv)) {
      return results;
    }
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    String[] header = lines.get(0).split(",");
    for (int i = 1; i < lines.size(); i++) {
      String[] cells = lines.get(i).split(",");
      Map<String, String> row = new LinkedHashMap<>();
      for (int c = 0; c < header.length && c < cells.length; c++) {
        row.put(header[c], cells[c]);
      }
      results.rows.add(new Row(row.get("profile"), row.get("strategy"), Integer.parseInt(row.get("requests")),
          Double.parseDouble(row.get("extra_pct")), Double.parseDouble(row.get("p50_ms")),
          Double.parseDouble(row.get("p99_ms")), Double.parseDouble(row.get("p999_ms")),
          Double.parseDouble(row.get("max_ms")), Long.parseLong(row.get("failures")),
          Boolean.parseBoolean(row.get("truncated")), row.get("time_scale")));
    }
    return results;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  /** {@code null} when absent. */
  Row find(String profile, String strategy) {
    for (Row row : rows) {
      if (row.profile().equals(profile) && row.strategy().equals(strategy)) {
        return row;
      }
    }
    return null;
  }

  List<String> profiles() {
    List<String> profiles = new ArrayList<>();
    for (Row row : rows) {
      if (!profiles.contains(row.profile())) {
        profiles.add(row.profile());
      }
    }
    return profiles;
  }
}
