package org.sleepdelta.cli.demo;

import java.io.PrintWriter;
import java.util.Map;
import org.sleepdelta.cli.run.DashboardFollower;

/**
 * The pipeline's own numbers from a demo run.
 *
 * @param inputRecords       the whole cohort
 * @param burstRecords       the records of the burst (the cohort less the paced phase's)
 * @param processingSeconds  the burst's first send to its last input processed
 * @param paced              the paced phase, or null when it was off
 * @param connectedWearables what arrived through the connected wearables, or null when none were connected
 */
record DemoFigures(
        long inputRecords, long burstRecords, double processingSeconds, Paced paced, String connectedWearables) {

    /**
     * The paced phase: the records held back from the burst, posted at a steady rate once the burst was processed.
     *
     * @param unsent         held-back records the phase had no time for, posted at once after it and not measured
     * @param fromMillis     when it started (wall clock): outputs of records ingest accepted from then are its own
     * @param toMillis       when its last request was answered
     */
    record Paced(
            double rate, double achieved, long accepted, double seconds, long unsent, long fromMillis, long toMillis) {}

    void print(PrintWriter out, DashboardFollower dashboard, Map<String, Long> rejections, double wallSeconds) {
        long[] burst = dashboard.latenciesMs(Long.MIN_VALUE, paced == null ? Long.MAX_VALUE : paced.fromMillis());
        out.println();
        out.println("Pipeline figures");
        out.printf(
                "  input records            %,d (rejected: %s)%n",
                inputRecords, rejections.isEmpty() ? "none" : rejections.toString());
        out.printf(
                "  dashboard records        %,d emitted, %,d keys in the final state%n",
                dashboard.recordsRead(), dashboard.latest().size());
        out.printf(
                "  throughput               %,.0f input records/s (the burst's %,d records: first send to last input"
                        + " processed, %.1f s)%n",
                burstRecords / processingSeconds, burstRecords, processingSeconds);
        out.printf(
                "  burst latency            p50 %s, p99 %s (ingest accepted -> dashboard consumer, per record; all"
                        + " sent at once, so queueing included)%n",
                percentile(burst, 0.50), percentile(burst, 0.99));
        if (paced == null) {
            out.printf("  paced latency            off (--paced-seconds 0)%n");
        } else {
            long[] latencies = dashboard.latenciesMs(paced.fromMillis(), paced.toMillis());
            out.printf(
                    "  paced latency            p50 %s / p99 %s / max %s at %,.0f records/s paced (achieved %,.0f/s;"
                            + " %,d records over %.1f s once the burst was processed; ingest accepted -> dashboard"
                            + " consumer, per record)%n",
                    percentile(latencies, 0.50),
                    percentile(latencies, 0.99),
                    percentile(latencies, 1.0),
                    paced.rate(),
                    paced.achieved(),
                    paced.accepted(),
                    paced.seconds());
            if (paced.unsent() > 0) {
                out.printf(
                        "                           %,d held-back records not due in time, posted after it,"
                                + " unmeasured%n",
                        paced.unsent());
            }
        }
        if (connectedWearables != null) {
            out.printf("  connected wearables      %s%n", connectedWearables);
        }
        out.printf("  wall time                %.1f s%n", wallSeconds);
    }

    static String percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return "-";
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(0, index)] + " ms";
    }
}
