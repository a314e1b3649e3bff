package org.sleepdelta.cli.demo;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sleepdelta.avro.MetricWindow;
import org.sleepdelta.avro.Modality;
import org.sleepdelta.simulator.TrueEffect;

/** The demo's result table: a pure function from the measured rows and the truth to the lines printed. */
final class SummaryTable {
    /**
     * The share of windows a definition-2 flag can reach with no true effect: the interval must lie entirely on
     * the improving side of zero, which a 95% interval does by chance in at most 2.5% of windows.
     */
    static final double CHANCE_FLAG_SHARE = 0.025;

    private static final double Z975 = 1.959963984540054;
    private static final String ROW = "%-16s %-16s %5s  %-27s %7s  %8s  %12s  %10s  %9s  %-27s %7s  %s";

    private SummaryTable() {}

    static void print(PrintWriter out, List<CohortSummary.Row> rows, Map<Modality, TrueEffect> configured) {
        lines(rows, configured).forEach(out::println);
    }

    /** The table of {@code metrics} (sleep_change rows) next to {@code truth}: what {@link #print} prints. */
    static List<String> lines(
            Collection<SessionChange> metrics, CohortSummary.Truth truth, Map<Modality, TrueEffect> configured) {
        return lines(CohortSummary.compute(metrics, truth), configured);
    }

    static List<String> lines(List<CohortSummary.Row> rows, Map<Modality, TrueEffect> configured) {
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("Sleep change after massage, per modality and window: mean over sessions with a defined effect,");
        lines.add("95% CI clustered by client. 'true' = the change the simulator put into those same windows");
        lines.add("(per-night effect on post nights minus any effect already on baseline nights).");
        lines.add(
                "Total sleep, per window (metric definition 2): '± window' = mean half-width of each window's own 95%");
        lines.add("interval; 'adjusted Δ' = mean change against the nights 42..15 before the session (guards against");
        lines.add(
                "booking after a bad week); 'meaningful' = share flagged meaningful (interval above zero and over the");
        lines.add("threshold); 'threshold' = share over the threshold alone (the old definition).");
        lines.add("");
        lines.add(String.format(
                ROW,
                "modality",
                "window",
                "n",
                "total sleep Δ min [95% CI]",
                "true",
                "± window",
                "adjusted Δ",
                "meaningful",
                "threshold",
                "sleep latency Δ [95% CI]",
                "true",
                "per-night effect"));
        for (CohortSummary.Row r : rows) {
            TrueEffect effect = configured.get(r.modality());
            lines.add(String.format(
                            ROW,
                            r.modality(),
                            r.window(),
                            r.totalSleep().n(),
                            interval(r.totalSleep()) + verdict(r),
                            signed(r.expectedTotalSleep()),
                            Double.isNaN(r.halfWidth()) ? "-" : String.format("%.1f", r.halfWidth()),
                            signed(r.adjustedTotalSleep()),
                            percent(r.meaningfulShare()),
                            percent(r.thresholdShare()),
                            interval(r.latency()),
                            signed(r.expectedLatency()),
                            effect == null
                                    ? ""
                                    : String.format(
                                            "TST %s, SOL %s",
                                            signed(effect.totalSleepMinutes()), signed(effect.sleepLatencyMinutes())))
                    .stripTrailing());
        }
        List<CohortSummary.Row> week1 = rows.stream()
                .filter(r -> r.window() == MetricWindow.WEEK_1 && r.totalSleep().n() > 0)
                .toList();
        long judged = week1.stream().filter(CohortSummary.Row::judgeable).count();
        long recovered =
                week1.stream().filter(r -> r.judgeable() && r.recovered()).count();
        lines.add("");
        lines.add(String.format(
                "WEEK_1 total-sleep effects recovered (true value inside the 95%% CI): %d of %d modalities%s",
                recovered,
                judged,
                judged == week1.size()
                        ? ""
                        : String.format(
                                " (%d more with sessions from a single client: no interval)", week1.size() - judged)));
        noEffectLine(week1, configured).ifPresent(lines::add);
        return lines;
    }

    /**
     * For a clinic: what the pipeline says about OTHER, whose sessions change nothing in the simulation. Consistent
     * with no effect when the clustered interval of the mean change contains zero and the share flagged meaningful
     * is no more than chance would give ({@link #CHANCE_FLAG_SHARE} within the share's 95% Wilson interval).
     */
    static Optional<String> noEffectLine(List<CohortSummary.Row> week1, Map<Modality, TrueEffect> configured) {
        Optional<CohortSummary.Row> found = week1.stream()
                .filter(r -> r.modality() == Modality.OTHER && r.window() == MetricWindow.WEEK_1)
                .findFirst();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        CohortSummary.Row r = found.get();
        TrueEffect effect = configured.getOrDefault(Modality.OTHER, TrueEffect.NONE);
        String truth = effect.totalSleepMinutes() == 0
                ? "no true effect"
                : "true effect " + signed(effect.totalSleepMinutes()) + " min";
        List<String> facts = new ArrayList<>();
        Boolean flagsLikeChance = null;
        if (r.judged() == 0) {
            facts.add("no window judged by definition 2 yet");
        } else {
            flagsLikeChance = wilsonLow(r.meaningful(), r.judged()) <= CHANCE_FLAG_SHARE;
            facts.add(String.format(
                    "%.1f %% of %d windows flagged meaningful (chance alone: up to %.1f %%)",
                    100.0 * r.meaningfulShare(), r.judged(), 100 * CHANCE_FLAG_SHARE));
        }
        Boolean intervalHoldsZero = null;
        if (r.judgeable()) {
            intervalHoldsZero = r.totalSleep().contains(0);
            facts.add("mean total sleep Δ " + interval(r.totalSleep()) + " min");
        } else {
            facts.add("no interval for the mean (sessions from a single client)");
        }
        String verdict;
        if (flagsLikeChance == null && intervalHoldsZero == null) {
            verdict = "cannot tell";
        } else if (!Boolean.FALSE.equals(flagsLikeChance) && !Boolean.FALSE.equals(intervalHoldsZero)) {
            verdict = "consistent with no effect";
        } else {
            verdict = "not consistent with no effect";
        }
        return Optional.of(String.format("OTHER (%s), WEEK_1: %s — %s", truth, String.join(", ", facts), verdict));
    }

    /** Lower end of the 95% Wilson score interval of k successes in n trials. */
    static double wilsonLow(int k, int n) {
        double p = (double) k / n;
        double z2 = Z975 * Z975;
        double centre = p + z2 / (2.0 * n);
        double spread = Z975 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return Math.max(0, (centre - spread) / (1 + z2 / n));
    }

    private static String verdict(CohortSummary.Row r) {
        if (r.totalSleep().n() == 0) {
            return "";
        }
        return !r.judgeable() ? "  1 client" : r.recovered() ? "  ok" : "  MISS";
    }

    static String interval(Estimate e) {
        if (e.n() == 0) {
            return "-";
        }
        return String.format("%s [%s, %s]", signed(e.mean()), signed(e.low()), signed(e.high()));
    }

    static String signed(double value) {
        return Double.isNaN(value) ? "-" : String.format("%+.1f", value);
    }

    private static String percent(double share) {
        return Double.isNaN(share) ? "-" : String.format("%.1f%%", 100 * share);
    }
}
