package org.sleepdelta.cli.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.sleepdelta.streams.app.SleepChangeApp;

/**
 * What a record costs given the history already stored for its client. One cohort is simulated for the long
 * history plus {@link #TAIL_NIGHTS} nights; for a short and the long history, the app first processes what arrived
 * in that many days before the tail (not timed), then, still running, the tail: the last {@link #TAIL_NIGHTS}
 * nights' arrivals, the same records in both cases, timed. The ratio of the tail's per-record stream-thread CPU
 * isolates the cost of history; then the state's bytes per client.
 */
final class GrowthPhase {
    static final String NAME = "growth";
    static final int SHORT_HISTORY_NIGHTS = 30;
    static final int TAIL_NIGHTS = 14;

    private GrowthPhase() {}

    static void run(BenchContext context, int clients, int longHistoryNights, long seed) throws Exception {
        int shortNights = Math.min(SHORT_HISTORY_NIGHTS, longHistoryNights);
        context.progress(NAME, "generating " + clients + " clients x " + (longHistoryNights + TAIL_NIGHTS) + " nights");
        BenchData data = BenchData.generate(clients, longHistoryNights + TAIL_NIGHTS, seed);
        Instant cutoff = BenchData.LAST_NIGHT
                .minusDays(TAIL_NIGHTS - 1)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant();
        List<BenchData.Input> tail = data.arrivedFrom(cutoff.toEpochMilli());
        Throughput shortTail = history(context, clients, shortNights, historyBefore(data, cutoff, shortNights), tail);
        Throughput longTail =
                history(context, clients, longHistoryNights, historyBefore(data, cutoff, longHistoryNights), tail);
        context.report()
                .add(
                        NAME,
                        "CPU per tail record, " + longHistoryNights + " / " + shortNights + " nights",
                        longTail.cpuMicrosPerRecord() / shortTail.cpuMicrosPerRecord(),
                        "ratio",
                        "stream threads' CPU per record; 1 = history costs nothing");
        context.report()
                .add(
                        NAME,
                        "tail records/s, " + longHistoryNights + " / " + shortNights + " nights",
                        longTail.recordsPerSecond() / shortTail.recordsPerSecond(),
                        "ratio",
                        "");
    }

    /**
     * One simulation serves both histories, so the tail is the same records and the clients' sessions around it
     * are the same: only what arrived in the {@code nights} days before the tail is kept as history.
     */
    private static List<BenchData.Input> historyBefore(BenchData data, Instant cutoff, int nights) {
        long from = cutoff.minus(Duration.ofDays(nights)).toEpochMilli();
        return data.arrivedBefore(cutoff.toEpochMilli()).stream()
                .filter(i -> i.ingestedAt() >= from)
                .toList();
    }

    private static Throughput history(
            BenchContext context, int clients, int nights, List<BenchData.Input> history, List<BenchData.Input> tail)
            throws Exception {
        BenchBroker broker = context.broker();
        BenchReport report = context.report();
        String label = nights + " nights";

        context.progress(NAME, label + ": resetting topics, writing " + history.size() + " history records");
        broker.resetTopics();
        broker.produce(history);
        Map<TopicPartition, Long> historyEnds = broker.endOffsets(BenchBroker.INPUTS);
        String applicationId = context.newApplicationId("growth");
        Path stateDir = context.newStateDir(applicationId);
        Throughput t;
        try (SleepChangeApp app = AppRuns.start(context, applicationId, stateDir, 1)) {
            context.progress(NAME, label + ": processing the history (not timed)");
            broker.awaitCommitted(applicationId, historyEnds, BenchContext.STEP_TIMEOUT);
            context.progress(NAME, label + ": writing and processing the tail, " + tail.size() + " records");
            StreamThreadCpu cpu = StreamThreadCpu.start();
            long started = System.nanoTime();
            broker.produce(tail);
            Map<TopicPartition, Long> ends = broker.endOffsets(BenchBroker.INPUTS);
            long done = broker.awaitCommitted(applicationId, ends, BenchContext.STEP_TIMEOUT);
            t = new Throughput(
                    BenchBroker.total(ends) - BenchBroker.total(historyEnds), done - started, cpu.spentNanos());
        }
        report.add(
                NAME,
                "tail records, " + label,
                t.records(),
                "records",
                String.format(
                        Locale.ROOT,
                        "%d clients, history %d records, tail = arrivals of the last %d nights",
                        clients,
                        history.size(),
                        TAIL_NIGHTS));
        report.add(
                NAME,
                "tail, " + label,
                t.recordsPerSecond(),
                "records/s",
                String.format(Locale.ROOT, "first send to committed = end, %.2f s", t.seconds()));
        report.add(NAME, "tail CPU, " + label, t.cpuMicrosPerRecord(), "µs/record", "stream threads' CPU");
        report.add(
                NAME,
                "state per client, " + label,
                BenchContext.sizeOf(stateDir) / (double) clients,
                "bytes",
                "local state directory after close / clients");
        report.add(
                NAME,
                "changelogs per client, " + label,
                broker.changelogBytes(applicationId) / (double) clients,
                "bytes",
                "changelog topics on the broker's disk / clients");
        broker.deleteInternalTopics(applicationId);
        return t;
    }
}
