package org.sleepdelta.cli.run;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;

/**
 * One status line for long work. On a terminal it redraws in place with a bar; otherwise (CI, pipes) it prints a
 * plain line at most every few seconds, so logs stay readable.
 */
public final class Progress {
    private static final Duration PLAIN_INTERVAL = Duration.ofSeconds(5);
    private static final int BAR_WIDTH = 30;

    private final PrintWriter out;
    private final boolean terminal;
    private final Instant started = Instant.now();
    private Instant lastPlain = Instant.EPOCH;

    public Progress(PrintWriter out) {
        this(out, System.console() != null);
    }

    Progress(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    public synchronized void update(String label, long done, long total, String detail) {
        String line = line(label, done, total, detail, Duration.between(started, Instant.now()));
        if (terminal) {
            out.print("\r" + line + "\u001b[K");
            out.flush();
        } else if (Duration.between(lastPlain, Instant.now()).compareTo(PLAIN_INTERVAL) >= 0 || done >= total) {
            lastPlain = Instant.now();
            out.println(line);
        }
    }

    public synchronized void finish() {
        if (terminal) {
            out.println();
        }
    }

    static String line(String label, long done, long total, String detail, Duration elapsed) {
        double fraction = total <= 0 ? 1 : Math.min(1, (double) done / total);
        int filled = (int) Math.round(fraction * BAR_WIDTH);
        return String.format(
                "%s [%s%s] %3d%% %,d/%,d %s %5.1fs",
                label,
                "#".repeat(filled),
                ".".repeat(BAR_WIDTH - filled),
                Math.round(fraction * 100),
                done,
                total,
                detail,
                elapsed.toMillis() / 1000.0);
    }
}
