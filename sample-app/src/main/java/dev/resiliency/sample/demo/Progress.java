package dev.resiliency.sample.demo;

import java.io.PrintStream;

/**
 * Progress of a demo step on the console: a bar redrawn in place on a terminal, a line per quarter otherwise (CI
 * logs). Updates may arrive out of order from concurrent workers; a figure never goes backwards.
 */
final class Progress {

    private final PrintStream out;
    private final boolean terminal;
    private String current = "";
    private int shown;

    Progress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** Reports {@code done} of {@code total} units of {@code what}. */
    synchronized void update(String what, int done, int total) {
        if (!what.equals(this.current)) {
            this.current = what;
            this.shown = 0;
        }
        if (done <= this.shown || total <= 0) {
            return;
        }
        int before = this.shown;
        this.shown = Math.min(done, total);
        if (this.terminal) {
            int width = 30;
            int filled = this.shown * width / total;
            this.out.print("\r      [" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + this.shown + "/"
                    + total + " " + what);
            if (this.shown == total) {
                this.out.println();
            }
        }
        else if (this.shown * 4 / total > before * 4 / total) {
            this.out.println("      " + this.shown + "/" + total + " " + what);
        }
        this.out.flush();
    }

    synchronized void line(String text) {
        this.out.println(text);
        this.out.flush();
    }
}
