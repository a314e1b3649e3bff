package org.sleepdelta.embedded;

import java.io.IOException;
import java.io.InputStream;

/**
 * Ends a child JVM once its parent goes away.
 *
 * <p>The parent holds the write end of our stdin pipe and never writes to it. The operating system closes that
 * pipe when the parent exits for any reason, including {@code kill -9}, so end-of-file on stdin is the one
 * signal that reliably means "nobody will ever stop you": without it an orphaned broker would keep its ports and
 * data directory forever.
 */
final class ExitWhenStdinCloses {

    private ExitWhenStdinCloses() {}

    static void start() {
        Thread watcher = new Thread(
                () -> {
                    drain(System.in);
                    // A normal exit, so shutdown hooks (the broker's orderly shutdown) still run.
                    System.exit(0);
                },
                "exit-when-parent-dies");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static void drain(InputStream in) {
        byte[] ignored = new byte[256];
        try {
            while (in.read(ignored) >= 0) {
                // The parent never writes; anything that arrives is irrelevant.
            }
        } catch (IOException closedUnderneathUs) {
            // A broken pipe means the same as end-of-file: the parent is gone.
        }
    }
}
