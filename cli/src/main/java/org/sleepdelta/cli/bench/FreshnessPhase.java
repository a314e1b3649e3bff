package org.sleepdelta.cli.bench;

import java.util.Locale;
import java.util.stream.Collectors;
import org.sleepdelta.cli.bench.freshness.FreshnessOptions;
import org.sleepdelta.cli.bench.freshness.FreshnessProbe;
import org.sleepdelta.cli.bench.freshness.FreshnessResult;

/** Latency at a steady pace, from {@link FreshnessProbe}, on fresh empty topics. */
final class FreshnessPhase {
    static final String NAME = "freshness";

    private FreshnessPhase() {}

    static void run(BenchContext context, FreshnessOptions options) throws Exception {
        context.progress(NAME, "resetting topics");
        context.broker().resetTopics();
        FreshnessResult r;
        try {
            r = FreshnessProbe.run(
                    options,
                    context.broker().bootstrapServers(),
                    context.newStateDir("freshness"),
                    context.progressStream());
        } catch (UnsupportedOperationException e) {
            context.report().add(NAME, "freshness", Double.NaN, "", "not available: " + e.getMessage());
            return;
        }
        String settings = r.settings().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
        BenchReport report = context.report();
        report.add(NAME, "records", r.records(), "records", "measured, after warm-up " + options.warmUp());
        report.add(
                NAME,
                "achieved rate",
                r.achievedRecordsPerSecond(),
                "records/s",
                String.format(Locale.ROOT, "target %.0f records/s, paced", r.targetRecordsPerSecond()));
        report.add(NAME, "latency p50", r.p50Millis(), "ms", "accepted to dashboard record");
        report.add(NAME, "latency p99", r.p99Millis(), "ms", "");
        report.add(NAME, "latency max", r.maxMillis(), "ms", settings);
    }
}
