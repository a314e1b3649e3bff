package org.sleepdelta.cli.demo;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import org.sleepdelta.avro.MetricWindow;
import org.sleepdelta.avro.Modality;
import org.sleepdelta.simulator.TrueEffect;

/** Prints the demo's result table. */
final class SummaryTable {
    private SummaryTable() {}

    static void print(PrintWriter out, List<CohortSummary.Row> rows, Map<Modality, TrueEffect> configured) {
        out.println();
        out.println("Sleep change after massage, per modality and window: mean over sessions with a defined effect,");
        out.println("95% CI clustered by client. 'true' = the change the simulator put into those same windows");
        out.println("(per-night effect on post nights minus any effect already on baseline nights).");
        out.println();
        out.printf(
                "%-16s %-16s %5s  %-27s %7s  %-27s %7s  %10s  %s%n",
                "modality",
                "window",
                "n",
                "total sleep Δ min [95% CI]",
                "true",
                "sleep latency Δ [95% CI]",
                "true",
                "meaningful",
                "per-night effect");
        for (CohortSummary.Row r : rows) {
            TrueEffect effect = configured.get(r.modality());
            out.printf(
                    "%-16s %-16s %5d  %-27s %7s  %-27s %7s  %9s%%  %s%n",
                    r.modality(),
                    r.window(),
                    r.totalSleep().n(),
                    interval(r.totalSleep()) + verdict(r),
                    signed(r.expectedTotalSleep()),
                    interval(r.latency()),
                    signed(r.expectedLatency()),
                    Double.isNaN(r.meaningfulShare()) ? "-" : String.format("%.0f", 100 * r.meaningfulShare()),
                    effect == null
                            ? ""
                            : String.format(
                                    "TST %s, SOL %s",
                                    signed(effect.totalSleepMinutes()), signed(effect.sleepLatencyMinutes())));
        }
        List<CohortSummary.Row> week1 = rows.stream()
                .filter(r -> r.window() == MetricWindow.WEEK_1 && r.totalSleep().n() > 0)
                .toList();
        long judged = week1.stream().filter(CohortSummary.Row::judgeable).count();
        long recovered =
                week1.stream().filter(r -> r.judgeable() && r.recovered()).count();
        out.println();
        out.printf(
                "WEEK_1 total-sleep effects recovered (true value inside the 95%% CI): %d of %d modalities%s%n",
                recovered,
                judged,
                judged == week1.size()
                        ? ""
                        : String.format(
                                " (%d more with sessions from a single client: no interval)", week1.size() - judged));
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
}
