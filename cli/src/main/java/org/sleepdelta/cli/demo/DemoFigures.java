package org.sleepdelta.cli.demo;

import java.io.PrintWriter;
import java.util.Map;
import org.sleepdelta.cli.run.DashboardFollower;

/**
 * The pipeline's own numbers from a demo run.
 *
 * @param connectedWearables what arrived through the connected wearables, or null when none were connected
 */
record DemoFigures(long inputRecords, double processingSeconds, String connectedWearables) {
    void print(PrintWriter out, DashboardFollower dashboard, Map<String, Long> rejections, double wallSeconds) {
        long[] latencies = dashboard.latenciesMs();
        out.println();
        out.println("Pipeline figures");
        out.printf(
                "  input records            %,d (rejected: %s)%n",
                inputRecords, rejections.isEmpty() ? "none" : rejections.toString());
        out.printf(
                "  dashboard records        %,d emitted, %,d keys in the final state%n",
                dashboard.recordsRead(), dashboard.latest().size());
        out.printf(
                "  throughput               %,.0f input records/s (first send to last input processed, %.1f s)%n",
                inputRecords / processingSeconds, processingSeconds);
        out.printf(
                "  ingest->metric latency   p50 %s, p99 %s (ingest header to dashboard consumer; a burst, so queueing included)%n",
                percentile(latencies, 0.50), percentile(latencies, 0.99));
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
