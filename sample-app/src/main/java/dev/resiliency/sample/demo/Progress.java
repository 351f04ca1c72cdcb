package dev.resiliency.sample.demo;

import java.io.PrintStream;

/**
 * Progress of a demo step on the console: redrawn in place on a terminal, a line per quarter otherwise (CI logs).
 */
final class Progress {

    private final PrintStream out;
    private final boolean terminal;

    Progress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** Reports {@code done} of {@code total} units of {@code what}. */
    synchronized void update(String what, int done, int total) {
        if (this.terminal) {
            int width = 30;
            int filled = total == 0 ? width : done * width / total;
            this.out.print("\r      [" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total
                    + " " + what);
            if (done == total) {
                this.out.println();
            }
        }
        else if (done == total || (total >= 4 && done % Math.max(1, total / 4) == 0)) {
            this.out.println("      " + done + "/" + total + " " + what);
        }
        this.out.flush();
    }

    void line(String text) {
        this.out.println(text);
        this.out.flush();
    }
}
