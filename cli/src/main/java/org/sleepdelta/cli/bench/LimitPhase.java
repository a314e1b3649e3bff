package org.sleepdelta.cli.bench;

import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/** What the broker and Kafka Streams allow at all on this machine: a plain producer, and a stateless EOS copy. */
final class LimitPhase {
    static final String NAME = "limit";

    private LimitPhase() {}

    /** @return the 1-thread pass-through's records/s, the baseline of the backfill's ratio */
    static double run(BenchContext context, BenchData data) throws Exception {
        BenchReport report = context.report();
        context.progress(NAME, "resetting topics");
        context.broker().resetTopics(PassThrough.copyTopics());
        context.progress(NAME, "producer: writing " + data.inputs().size() + " records");
        long nanos = context.broker().produce(data.inputs());
        Map<TopicPartition, Long> ends = context.broker().endOffsets(BenchBroker.INPUTS);
        long records = BenchBroker.total(ends);
        report.add(NAME, "input records", records, "records", "end offsets of both input topics after writing");
        report.add(
                NAME,
                "producer",
                data.inputs().size() / (nanos / 1e9),
                "records/s",
                "one plain producer, ingest's reliable settings, first send to last acknowledgement");
        double oneThread = Double.NaN;
        for (int threads = 1; threads <= 2; threads++) {
            context.progress(NAME, "pass-through, " + threads + " stream thread(s)");
            Throughput t = passThrough(context, ends, threads);
            if (threads == 1) {
                oneThread = t.recordsPerSecond();
            }
            String measure = "pass-through, " + threads + (threads == 1 ? " thread" : " threads");
            report.add(
                    NAME,
                    measure,
                    t.recordsPerSecond(),
                    "records/s",
                    String.format(
                            Locale.ROOT,
                            "EOS v2, commit 100 ms, %d records in %.2f s, RUNNING to committed = end",
                            t.records(),
                            t.seconds()));
            report.add(NAME, measure + ", CPU", t.cpuMicrosPerRecord(), "µs/record", "stream threads' CPU");
        }
        return oneThread;
    }

    static Throughput passThrough(BenchContext context, Map<TopicPartition, Long> ends, int threads) throws Exception {
        String applicationId = context.newApplicationId("passthrough");
        try (PassThrough running = PassThrough.start(
                context.broker().bootstrapServers(), applicationId, context.newStateDir(applicationId), threads)) {
            return Throughput.measure(context, applicationId, ends);
        } finally {
            context.broker().deleteInternalTopics(applicationId);
        }
    }
}
