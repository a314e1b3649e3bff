package org.sleepdelta.dashboard.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.MetricWindow;
import org.sleepdelta.avro.SleepChangeMetric;
import org.sleepdelta.embedded.testing.KafkaTestBroker;
import org.sleepdelta.schemas.MetricKey;
import org.sleepdelta.schemas.PipelineHeaders;
import org.sleepdelta.schemas.codec.Codecs;

/**
 * Throughput of the sink beside a plain JDBC batch insert of the same rows, in the same run, against the same
 * PostgreSQL server: (a) through Kafka and the sink (first poll with records to last offset commit), (b) plain
 * {@code INSERT} batches of the already decoded rows into an empty copy of the table, and (c) the sink's own
 * decode-and-upsert path without Kafka, each with the driver's {@code reWriteBatchedInserts} (the sink's default)
 * and without it. Every
 * variant writes into a freshly migrated, empty database, in transactions of {@value #BATCH} rows. A measurement, not
 * a test: it asserts only that every row arrived. Excluded from the default build; run it with
 *
 * <pre>
 * mvn -B -o -pl dashboard verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=SinkThroughputBenchmarkIT -Dexcluded.test.groups=none
 * </pre>
 *
 * {@code -Dsink.benchmark.records=N} changes the number of records (100 000). The numbers are printed and written
 * to {@code dashboard/target/sink-benchmark.txt}.
 */
@Tag("benchmark")
class SinkThroughputBenchmarkIT {
    private static final int RECORDS = Integer.getInteger("sink.benchmark.records", 100_000);
    private static final int BATCH = 2000;
    private static final int PARTITIONS = 6;
    private static final int MEASURED_ROUNDS = 3;
    /** The sink's default; the URL overrides it. */
    private static final String REWRITE = "reWriteBatchedInserts=true";

    private static final String NO_REWRITE = "reWriteBatchedInserts=false";
    private static final String PLAIN = "(b) plain JDBC batch INSERT, ";

    @Test
    void sinkBesidePlainJdbcBatchInserts() throws Exception {
        List<SleepChangeMetric> metrics = metrics();
        List<ConsumerRecord<byte[], byte[]>> records = consumerRecords(metrics);
        SinkTopics topics = TestTopics.unique("benchmark-metrics", "benchmark-nights");
        KafkaTestBroker.createTopics(
                PARTITIONS, topics.sleepChangeMetrics(), topics.nightlySleep(), topics.clientErasures());
        produce(topics, records);

        // Every path in every round, so that drift (JIT, caches, the server's own work) hits them alike. The first
        // round warms up and is not counted; the median of the others is quoted, with their range.
        Map<String, List<Double>> results = new LinkedHashMap<>();
        for (int round = 0; round <= MEASURED_ROUNDS; round++) {
            Map<String, Double> r = new LinkedHashMap<>();
            for (String driver : List.of(REWRITE, NO_REWRITE)) {
                r.put("(a) Kafka + SinkService, " + driver, sink(topics, driver));
                r.put(PLAIN + driver, plainInserts(metrics, driver));
                r.put("(c) sink decode + upsert without Kafka, " + driver, writer(records, driver));
            }
            if (round > 0) {
                r.forEach((what, value) ->
                        results.computeIfAbsent(what, k -> new ArrayList<>()).add(value));
            }
        }

        double plainRewritten = median(results.get(PLAIN + REWRITE));
        double plainOneByOne = median(results.get(PLAIN + NO_REWRITE));
        List<String> report = new ArrayList<>();
        report.add(String.format(
                Locale.ROOT,
                "%d sleep-change records (distinct keys, %d partitions), transactions of"
                        + " %d rows; PostgreSQL %s (fsync=%s, synchronous_commit=%s), broker %s",
                RECORDS,
                PARTITIONS,
                BATCH,
                TestPostgres.setting("server_version"),
                TestPostgres.setting("fsync"),
                TestPostgres.setting("synchronous_commit"),
                KafkaTestBroker.bootstrapServers()));
        report.add(String.format(
                Locale.ROOT,
                "median of %d rounds after one warm-up round [min - max], and as a"
                        + " fraction of plain JDBC batch INSERT with / without %s",
                MEASURED_ROUNDS,
                REWRITE));
        results.forEach((what, values) -> report.add(String.format(
                Locale.ROOT,
                "  %-66s %7.0f rows/s  [%6.0f - %6.0f]  %.2f / %.2f",
                what,
                median(values),
                Collections.min(values),
                Collections.max(values),
                median(values) / plainRewritten,
                median(values) / plainOneByOne)));
        String text = String.join(System.lineSeparator(), report);
        System.out.println(text);
        Files.writeString(Path.of("target", "sink-benchmark.txt"), text + System.lineSeparator());
    }

    /** (a): rows per second from the first poll that returned records to the last offset commit. */
    private static double sink(SinkTopics topics, String urlParameters) {
        TestDatabase database = withParameters(TestPostgres.freshDatabase("bench_sink"), urlParameters);
        double rowsPerSecond;
        try (RunningSink sink = RunningSink.start(
                database,
                topics,
                KafkaTestBroker.uniqueName("bench-sink"),
                Map.of("batch-max-records", Integer.toString(BATCH)))) {
            await().atMost(Duration.ofMinutes(10))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> sink.counter(SinkMetrics.UPSERTS, SinkMetrics.TABLE, "sleep_change") >= RECORDS
                            && sink.service.state().lastCommitNanos > 0
                            && sink.service.state().lagRecords == 0);
            SinkState state = sink.service.state();
            rowsPerSecond = RECORDS / ((state.lastCommitNanos - state.firstRecordsPolledNanos) / 1e9);
        }
        assertThat(database.count("select count(*) from sleep_change")).isEqualTo(RECORDS);
        TestPostgres.drop(database);
        return rowsPerSecond;
    }

    /** (b): the decoded rows as plain INSERTs, one transaction per batch, as fast as JDBC batches go. */
    private static double plainInserts(List<SleepChangeMetric> metrics, String urlParameters) throws Exception {
        TestDatabase database = withParameters(TestPostgres.freshDatabase("bench_plain"), urlParameters);
        Migrations.run(database.url(), database.user(), null);
        String sql = "insert into sleep_change ("
                + SleepChangeTable.COLUMNS.stream().map(Column::name).collect(Collectors.joining(", ")) + ") values ("
                + SleepChangeTable.COLUMNS.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
        long started;
        long ended;
        try (Connection connection =
                DriverManager.getConnection(database.url(), Database.properties(database.user(), null))) {
            connection.setAutoCommit(false);
            started = System.nanoTime();
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int from = 0; from < metrics.size(); from += BATCH) {
                    for (SleepChangeMetric metric : metrics.subList(from, Math.min(from + BATCH, metrics.size()))) {
                        Column.bindAll(statement, SleepChangeTable.COLUMNS, metric);
                        statement.addBatch();
                    }
                    statement.executeBatch();
                    connection.commit();
                }
            }
            ended = System.nanoTime();
        }
        assertThat(database.count("select count(*) from sleep_change")).isEqualTo(RECORDS);
        TestPostgres.drop(database);
        return RECORDS / ((ended - started) / 1e9);
    }

    /** (c): the sink's reading and writing of batches of consumed records, without Kafka. */
    private static double writer(List<ConsumerRecord<byte[], byte[]>> records, String urlParameters) throws Exception {
        TestDatabase database = withParameters(TestPostgres.freshDatabase("bench_writer"), urlParameters);
        Migrations.run(database.url(), database.user(), null);
        RecordReader reader = new RecordReader(new SinkTopics("bench", "unused", "unused-erasures", "unused-audit"));
        BatchWriter writer = new BatchWriter();
        long started;
        long ended;
        try (Database sinkDatabase = new Database(database.url(), database.user(), null)) {
            Connection connection = sinkDatabase.connection();
            TopicPartition partition = new TopicPartition("bench", 0);
            OffsetTable.insertIfAbsent(connection, Map.of(partition, 0L));
            connection.commit();
            started = System.nanoTime();
            for (int from = 0; from < records.size(); from += BATCH) {
                ConsumerRecords<byte[], byte[]> polled = new ConsumerRecords<>(
                        Map.of(partition, records.subList(from, Math.min(from + BATCH, records.size()))), Map.of());
                BatchPlan plan = BatchPlan.of(polled, reader);
                // The only writer, as the sink is after syncing: it expects the offset its previous batch stored.
                long expected = from == 0 ? 0L : records.get(from - 1).offset() + 1;
                assertThat(writer.write(connection, plan, Map.of(partition, expected)))
                        .isInstanceOf(BatchWriter.Result.Written.class);
            }
            ended = System.nanoTime();
        }
        assertThat(database.count("select count(*) from sleep_change")).isEqualTo(RECORDS);
        TestPostgres.drop(database);
        return RECORDS / ((ended - started) / 1e9);
    }

    private static TestDatabase withParameters(TestDatabase database, String urlParameters) {
        return new TestDatabase(database.url() + "?" + urlParameters, database.user());
    }

    /** Distinct keys: 4 clinics, 25 000 clients with one or two sessions, every window; realistic statistics. */
    private static List<SleepChangeMetric> metrics() {
        MetricWindow[] windows = MetricWindow.values();
        List<SleepChangeMetric> metrics = new ArrayList<>(RECORDS);
        for (int i = 0; i < RECORDS; i++) {
            int client = i / 4;
            MetricKey key =
                    SleepData.key("clinic-" + (client % 4), "c" + client, "s" + (i % 4 / 3), windows[i % 4 % 3]);
            metrics.add(SleepData.metric(key, 1 + i % 5, i));
        }
        return metrics;
    }

    private static List<ConsumerRecord<byte[], byte[]>> consumerRecords(List<SleepChangeMetric> metrics) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>(metrics.size());
        long now = System.currentTimeMillis();
        for (int i = 0; i < metrics.size(); i++) {
            SleepChangeMetric metric = metrics.get(i);
            byte[] key = TopicWriter.bytes(
                    new MetricKey(metric.getClinicId(), metric.getClientId(), metric.getSessionId(), metric.getWindow())
                            .toString());
            byte[] value = Codecs.sleepChangeMetric().encode(metric);
            RecordHeaders headers = new RecordHeaders();
            PipelineHeaders.setIngestedAt(headers, now);
            records.add(new ConsumerRecord<>(
                    "bench",
                    0,
                    i,
                    now,
                    TimestampType.CREATE_TIME,
                    key.length,
                    value.length,
                    key,
                    value,
                    headers,
                    Optional.empty()));
        }
        return records;
    }

    private static void produce(SinkTopics topics, List<ConsumerRecord<byte[], byte[]>> records) {
        try (TopicWriter writer = new TopicWriter(
                Map.of(ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024))) {
            for (ConsumerRecord<byte[], byte[]> record : records) {
                ProducerRecord<byte[], byte[]> produced = new ProducerRecord<>(
                        topics.sleepChangeMetrics(), null, record.key(), record.value(), record.headers());
                writer.producer().send(produced);
            }
            writer.flush();
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
