package org.sleepdelta.cli.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.sleepdelta.streams.app.SleepChangeApp;

/**
 * The real application started cold over pre-loaded input, until the dashboard topic holds the final state; then
 * its output against the batch definition, its state's size, and how long it takes to get going again from its
 * changelogs alone after its local state directory is deleted.
 */
final class BackfillPhase {
    static final String NAME = "backfill";

    private BackfillPhase() {}

    /** @return whether the output check found the dashboard equal to the batch definition */
    static boolean run(BenchContext context, BenchData data, double passThroughOneThread) throws Exception {
        BenchReport report = context.report();
        BenchBroker broker = context.broker();
        context.progress(NAME, "resetting topics, writing " + data.inputs().size() + " records");
        broker.resetTopics();
        broker.produce(data.inputs());
        Map<TopicPartition, Long> ends = broker.endOffsets(BenchBroker.INPUTS);
        report.add(NAME, "input records", BenchBroker.total(ends), "records", "end offsets of both input topics");

        String applicationId = context.newApplicationId("backfill");
        Path stateDir = context.newStateDir(applicationId);
        context.progress(NAME, "app started cold (1 stream thread)");
        long started = System.nanoTime();
        Throughput t;
        try (SleepChangeApp app = AppRuns.start(context, applicationId, stateDir, 1)) {
            report.add(NAME, "startup", (System.nanoTime() - started) / 1e9, "s", "start to RUNNING, not timed below");
            t = Throughput.measure(context, applicationId, ends);
        }
        report.add(
                NAME,
                "backfill",
                t.recordsPerSecond(),
                "records/s",
                String.format(
                        Locale.ROOT,
                        "SleepChangeApp, 1 thread, EOS v2, RocksDB, %d records in %.1f s; %s",
                        t.records(),
                        t.seconds(),
                        AppRuns.RETENTION_NOTE));
        report.add(
                NAME,
                "backfill / pass-through (1 thread)",
                t.recordsPerSecond() / passThroughOneThread,
                "ratio",
                Double.isNaN(passThroughOneThread) ? "limit phase not run" : "the same input, the same run");
        report.add(NAME, "backfill, CPU", t.cpuMicrosPerRecord(), "µs/record", "stream threads' CPU");

        report.add(
                NAME,
                "state per client",
                BenchContext.sizeOf(stateDir) / (double) data.clients(),
                "bytes",
                "local state directory after close / " + data.clients() + " clients");
        report.add(
                NAME,
                "changelogs per client",
                broker.changelogBytes(applicationId) / (double) data.clients(),
                "bytes",
                "changelog topics on the broker's disk / clients");

        context.progress(NAME, "output check against the batch definition");
        OutputCheck check = OutputCheck.of(context, data.inputs());
        report.add(
                NAME,
                "output check",
                check.differing(),
                "differing keys",
                check.verdict() + ": " + check.keys()
                        + " keys of the batch definition (BatchComputation) against the dashboard topic");

        restore(context, data, applicationId, stateDir);
        return check.equal();
    }

    /**
     * Deletes the local state and starts the same application again: timed from start until every input partition
     * has processed one more record, which an active task does only once its stores are restored from their
     * changelogs (RUNNING alone does not say so: restoration runs beside RUNNING). The old instance's group
     * membership is removed first, so the figure holds restoration and one rebalance, not a session timeout.
     */
    private static void restore(BenchContext context, BenchData data, String applicationId, Path stateDir)
            throws Exception {
        BenchBroker broker = context.broker();
        BenchContext.delete(stateDir);
        // Kafka Streams does not leave its group on close; without this the new instance would wait out the old
        // member's session timeout (45 s), which is not restoration. An operator replacing a machine does the same.
        broker.removeMembers(applicationId);
        // One record per partition again: the last sleep record written there, which changes nothing.
        Map<Integer, BenchData.Input> lastPerPartition = new LinkedHashMap<>();
        for (BenchData.Input input : data.inputs()) {
            if (input.sleep()) {
                lastPerPartition.put(BenchBroker.partitionOf(input.key()), input);
            }
        }
        broker.produce(List.copyOf(lastPerPartition.values()));
        Map<TopicPartition, Long> ends = broker.endOffsets(BenchBroker.INPUTS);
        context.progress(NAME, "restore: local state deleted, app started again");
        long started = System.nanoTime();
        try (SleepChangeApp app = AppRuns.start(context, applicationId, stateDir, 1)) {
            double toRunning = (System.nanoTime() - started) / 1e9;
            long done = broker.awaitCommitted(applicationId, ends, BenchContext.STEP_TIMEOUT);
            context.report()
                    .add(
                            NAME,
                            "restore from changelogs",
                            (done - started) / 1e9,
                            "s",
                            String.format(
                                    Locale.ROOT,
                                    "%d clients x %d nights; local state deleted; start until every partition "
                                            + "processed a record (RUNNING after %.1f s)",
                                    data.clients(),
                                    data.nights(),
                                    toRunning));
        }
        broker.deleteInternalTopics(applicationId);
    }
}
