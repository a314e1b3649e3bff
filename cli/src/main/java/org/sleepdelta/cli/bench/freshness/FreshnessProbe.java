package org.sleepdelta.cli.bench.freshness;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Placeholder until the freshness branch is merged: the bench reports the phase as not available when this throws
 * {@link UnsupportedOperationException}.
 */
public final class FreshnessProbe {
    private FreshnessProbe() {}

    public static FreshnessResult run(
            FreshnessOptions options, String bootstrapServers, Path workDir, PrintStream progress) throws Exception {
        throw new UnsupportedOperationException("freshness: not merged yet");
    }
}
