package dev.resiliency.benchmarks.hedging;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws the latency distributions of the study as a PNG without any plotting library (headless Java2D):
 * one panel per profile, one complementary CDF per strategy, both axes logarithmic, so that the tail (p99,
 * p99.9) is as readable as the median. A curve at height y over latency x means "a fraction y of requests
 * took longer than x".
 */
final class CcdfPlot {

  private static final int PANEL_W = 620;
  private static final int PANEL_H = 430;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 40;
  private static final int BOTTOM = 150;
  private static final double X_MIN_MS = 1;
  private static final double X_MAX_MS = 10_000;
  private static final double Y_MIN = 1e-5;
  private static final Color[] COLORS = {
      new Color(0x444444), new Color(0xD62728), new Color(0x1F77B4), new Color(0x2CA02C), new Color(0x9467BD)};

  private CcdfPlot() {}

  /** One panel: a profile and its strategies' summaries. */
  record Panel(String title, List<Outcome.Summary> curves) {}

  static void write(File file, String title, List<Panel> panels) throws IOException {
    System.setProperty("java.awt.headless", "true");
    int columns = Math.min(2, panels.size());
    int rows = (panels.size() + columns - 1) / columns;
    BufferedImage image = new BufferedImage(columns * PANEL_W, rows * PANEL_H + 40, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    text(g, title, 10, 26, 16, true);
    for (int p = 0; p < panels.size(); p++) {
      Graphics2D panel = (Graphics2D) g.create((p % columns) * PANEL_W, 40 + (p / columns) * PANEL_H, PANEL_W, PANEL_H);
      drawPanel(panel, panels.get(p));
      panel.dispose();
    }
    g.dispose();
    file.getParentFile().mkdirs();
    ImageIO.write(image, "png", file);
  }

  private static void drawPanel(Graphics2D g, Panel panel) {
    int w = PANEL_W - LEFT - RIGHT;
    int h = PANEL_H - TOP - BOTTOM;
    text(g, panel.title(), LEFT, 22, 13, true);
    for (double x = X_MIN_MS; x <= X_MAX_MS; x *= 10) {
      int px = LEFT + (int) (w * xFraction(x));
      g.setColor(new Color(0xE0E0E0));
      g.drawLine(px, TOP, px, TOP + h);
      text(g, x >= 1000 ? (int) (x / 1000) + " s" : (int) x + " ms", px - 14, TOP + h + 16, 11, false);
    }
    for (double y = 1; y >= Y_MIN; y /= 10) {
      int py = TOP + (int) (h * yFraction(y));
      g.setColor(new Color(0xE0E0E0));
      g.drawLine(LEFT, py, LEFT + w, py);
      text(g, y == 1 ? "1" : String.format(Locale.ROOT, "1e%d", Math.round(Math.log10(y))), 8, py + 4, 11, false);
    }
    g.setColor(Color.GRAY);
    g.drawRect(LEFT, TOP, w, h);
    text(g, "fraction of requests slower than x (log)", LEFT + 4, TOP + 12, 11, false);
    text(g, "latency x (log)", LEFT + w / 2 - 40, TOP + h + 32, 11, false);

    int legendY = TOP + h + 52;
    for (int c = 0; c < panel.curves().size(); c++) {
      Outcome.Summary curve = panel.curves().get(c);
      Color color = COLORS[c % COLORS.length];
      g.setColor(color);
      g.setStroke(new BasicStroke(2f));
      g.draw(path(curve.sortedNanos(), LEFT, TOP, w, h));
      g.fillRect(LEFT - 66, legendY + 18 * c - 6, 12, 4);
      text(g, String.format(Locale.ROOT, "%-28s p50 %6.1f p99 %6.1f p99.9 %6.1f ms, extra %.1f %%",
          curve.strategy().label, curve.p50(), curve.p99(), curve.p999(), curve.extraPercent()),
          LEFT - 50, legendY + 18 * c, 11, false, color);
    }
  }

  /** The CCDF as a step path: after the i-th smallest sample, a fraction (n - i - 1) / n is slower. */
  private static Path2D path(long[] sorted, int left, int top, int w, int h) {
    Path2D path = new Path2D.Double();
    int n = sorted.length;
    boolean started = false;
    for (int i = 0; i < n; i++) {
      double slower = (double) (n - i - 1) / n;
      if (slower < Y_MIN) {
        break;
      }
      // Thin out the bulk of the distribution: a point per pixel is plenty, but keep the whole tail.
      if (i + 1 < n && n - i > 2000 && i % Math.max(1, n / 4000) != 0) {
        continue;
      }
      double x = left + w * xFraction(Math.max(X_MIN_MS, sorted[i] / 1e6));
      double y = top + h * yFraction(slower);
      if (!started) {
        path.moveTo(x, top + h * yFraction(1.0));
        started = true;
      }
      path.lineTo(x, y);
    }
    return path;
  }

  private static double xFraction(double ms) {
    double clamped = Math.min(X_MAX_MS, Math.max(X_MIN_MS, ms));
    return Math.log10(clamped / X_MIN_MS) / Math.log10(X_MAX_MS / X_MIN_MS);
  }

  private static double yFraction(double fraction) {
    double clamped = Math.max(Y_MIN, Math.min(1.0, fraction));
    return Math.log10(1.0 / clamped) / Math.log10(1.0 / Y_MIN);
  }

  private static void text(Graphics2D g, String s, int x, int y, int size, boolean bold) {
    text(g, s, x, y, size, bold, Color.BLACK);
  }

  private static void text(Graphics2D g, String s, int x, int y, int size, boolean bold, Color color) {
    // A machine without fonts still gets the curves: labels are best effort.
    try {
      g.setColor(color);
      g.setFont(new Font(Font.MONOSPACED, bold ? Font.BOLD : Font.PLAIN, size));
      g.drawString(s, x, y);
    } catch (RuntimeException | Error fontTrouble) {
      // ignore: no font configuration on this machine
    }
  }
}
