package org.sleepdelta.dashboard.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.MetricWindow;
import org.sleepdelta.embedded.testing.KafkaTestBroker;
import org.sleepdelta.schemas.ClientKey;
import org.sleepdelta.schemas.MetricKey;
import org.sleepdelta.schemas.codec.Codecs;
import org.sleepdelta.schemas.erasure.ErasureAction;
import org.sleepdelta.schemas.erasure.ErasureEvent;
import org.sleepdelta.schemas.erasure.ErasureRequest;
import org.sleepdelta.schemas.erasure.ErasureStage;

/** Erasure in the sink, as deployed: a real broker, a real PostgreSQL, requests on client-erasures. */
class ClientErasureIT {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static TestDatabase database;

    private final String clinic = "clinic-" + UUID.randomUUID().toString().substring(0, 8);
    /** Unique, so that finding it anywhere in the database means it was not erased. */
    private final String gone = "gone-" + UUID.randomUUID().toString().substring(0, 8);

    private final String kept = "kept-" + UUID.randomUUID().toString().substring(0, 8);
    private final String groupId = KafkaTestBroker.uniqueName("sink-erasure");
    private SinkTopics topics;

    @BeforeAll
    static void freshDatabase() {
        database = TestPostgres.freshDatabase("sink_erasure");
    }

    @BeforeEach
    void freshTopics() {
        topics = TestTopics.unique("sleep-change-metrics", "nightly-sleep");
        KafkaTestBroker.createTopics(
                new NewTopic(topics.sleepChangeMetrics(), 3, (short) 1),
                new NewTopic(topics.nightlySleep(), 3, (short) 1),
                new NewTopic(topics.clientErasures(), 3, (short) 1),
                new NewTopic(topics.erasureAudit(), 1, (short) 1));
    }

    @Test
    void anErasureDeletesTheClientsRowsFromEveryTableAndLeavesTheOtherClientsRowsAsTheyWere() {
        try (TopicWriter writer = new TopicWriter();
                RunningSink sink = RunningSink.start(database, topics, groupId)) {
            // given: rows of two clients, and a rejected record of each (one named by its key, one only by its value)
            writeRowsOf(writer, gone);
            writeRowsOf(writer, kept);
            NightKey goneNight = SleepData.nightKey(clinic, gone, SleepData.FIRST_NIGHT);
            writer.raw(topics.nightlySleep(), 0, TopicWriter.bytes("not a key"), encodedNight(goneNight));
            writer.raw(topics.nightlySleep(), 2, TopicWriter.bytes(goneNight.toString()), new byte[] {3, 4});
            writer.raw(topics.nightlySleep(), 1, TopicWriter.bytes(clinic + "/" + kept + "/x"), new byte[] {1, 2});
            writer.flush();
            await().atMost(PATIENCE).until(() -> rowsOf(gone) == 6 && rowsOf(kept) == 5);
            Map<String, List<Map<String, Object>>> keptBefore = everyRowOf(kept);

            // when
            ErasureRequest erase = request(gone, ErasureAction.ERASE);
            writer.erasure(topics.clientErasures(), erase);
            writer.flush();

            // then: the client is nowhere in the database, the other client's rows are unchanged, row by row
            await().atMost(PATIENCE).until(() -> audited(erase) == 1);
            assertThat(tablesHolding(gone)).isEmpty();
            assertThat(everyRowOf(kept)).isEqualTo(keptBefore);
            assertThat(database.rows(
                            "select clinic_id, action, stage, by, detail from erasure_audit where erasure_id = ?",
                            erase.erasureId()))
                    .containsExactly(Map.of(
                            "clinic_id", clinic,
                            "action", "ERASE",
                            "stage", "SINK_ROWS_DELETED",
                            "by", "sink",
                            "detail", "2 sleep_change, 2 nightly_sleep, 2 sink_rejections rows"));
            assertThat(sink.counter(SinkMetrics.ERASURES, SinkMetrics.ACTION, "erase"))
                    .isEqualTo(1);
            assertThat(sink.counter(SinkMetrics.ERASED_ROWS, SinkMetrics.TABLE, "sleep_change"))
                    .isEqualTo(2);
            assertThat(sink.counter(SinkMetrics.ERASED_ROWS, SinkMetrics.TABLE, "nightly_sleep"))
                    .isEqualTo(2);
            assertThat(sink.counter(SinkMetrics.ERASED_ROWS, SinkMetrics.TABLE, "sink_rejections"))
                    .isEqualTo(2);

            // and the audit event reaches erasure-audit once, without naming the client
            await().atMost(PATIENCE).until(() -> outboxRows() == 0);
            List<ConsumerRecord<byte[], byte[]>> events = auditRecords();
            assertThat(events).hasSize(1);
            assertThat(new String(events.get(0).key(), StandardCharsets.UTF_8)).isEqualTo(erase.erasureId());
            assertThat(new String(events.get(0).value(), StandardCharsets.UTF_8))
                    .doesNotContain(gone);
            ErasureEvent event = ErasureEvent.decode(events.get(0).value());
            assertThat(event.stage()).isEqualTo(ErasureStage.SINK_ROWS_DELETED);
            assertThat(event.clinicId()).isEqualTo(clinic);
            assertThat(event.by()).isEqualTo("sink");
            assertThat(event.detail()).isEqualTo("2 sleep_change, 2 nightly_sleep, 2 sink_rejections rows");
            assertThat(sink.counter(SinkMetrics.AUDIT_PUBLISHED)).isEqualTo(1);
        }
    }

    @Test
    void aRecordOfAnErasedClientReadAfterTheErasureIsNotWrittenUntilTheClientIsRegisteredAgain() {
        try (TopicWriter writer = new TopicWriter();
                RunningSink sink = RunningSink.start(database, topics, groupId)) {
            // given
            writeRowsOf(writer, gone);
            writer.flush();
            await().atMost(PATIENCE).until(() -> rowsOf(gone) == 4);
            ErasureRequest erase = request(gone, ErasureAction.ERASE);
            writer.erasure(topics.clientErasures(), erase);
            writer.flush();
            await().atMost(PATIENCE).until(() -> audited(erase) == 1);

            // when: records of the client that the streams application had sent before it saw the erasure, and one
            // that names the client only in its value
            writeRowsOf(writer, gone);
            NightKey night = SleepData.nightKey(clinic, gone, SleepData.FIRST_NIGHT);
            writer.raw(topics.nightlySleep(), 0, TopicWriter.bytes("not a key"), encodedNight(night));
            writer.flush();

            // then
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(sink.counter(SinkMetrics.ERASED_RECORDS_SKIPPED))
                            .isEqualTo(5));
            assertThat(tablesHolding(gone)).isEmpty();

            // and when: the clinic registers the client again
            writer.erasure(topics.clientErasures(), request(gone, ErasureAction.REREGISTER));
            writer.flush();
            await().atMost(PATIENCE)
                    .untilAsserted(
                            () -> assertThat(sink.counter(SinkMetrics.ERASURES, SinkMetrics.ACTION, "reregister"))
                                    .isEqualTo(1));
            writeRowsOf(writer, gone);
            writer.flush();

            // then: its records are written again, and the sink reported nothing for the re-registration
            await().atMost(PATIENCE).until(() -> rowsOf(gone) == 4);
            assertThat(database.count("select count(*) from erased_clients")).isZero();
            assertThat(database.count("select count(*) from erasure_audit where clinic_id = ?", clinic))
                    .isEqualTo(1);
        }
    }

    @Test
    void theAuditEventArrivesOnceAlsoWhenTheSinkDiesAfterItsCommitAndBeforeTheSend() {
        ErasureRequest erase = request(gone, ErasureAction.ERASE);
        AtomicInteger attempts = new AtomicInteger();
        try (TopicWriter writer = new TopicWriter()) {
            // given: a sink that dies each time between its commit and the send
            try (RunningSink dying = RunningSink.start(database, topics, groupId, events -> {
                attempts.incrementAndGet();
                throw new IllegalStateException("simulated crash between the commit and the send");
            })) {
                writeRowsOf(writer, gone);
                writer.erasure(topics.clientErasures(), erase);
                writer.flush();
                await().atMost(PATIENCE).until(() -> audited(erase) == 1 && attempts.get() >= 1);
                assertThat(tablesHolding(gone)).isEmpty();
            }
            assertThat(outboxRows()).isEqualTo(1);
            assertThat(auditRecords()).isEmpty();

            // when: the sink starts again
            try (RunningSink restarted = RunningSink.start(database, topics, groupId)) {
                // then: it sends what is pending, once, and does not apply the request again
                await().atMost(PATIENCE).until(() -> outboxRows() == 0);
                List<ConsumerRecord<byte[], byte[]>> events = auditRecords();
                assertThat(events).hasSize(1);
                assertThat(ErasureEvent.decode(events.get(0).value()).erasureId())
                        .isEqualTo(erase.erasureId());
                assertThat(restarted.counter(SinkMetrics.AUDIT_PUBLISHED)).isEqualTo(1);
                assertThat(restarted.counter(SinkMetrics.ERASURES, SinkMetrics.ACTION, "erase"))
                        .isZero();
            }
        }
    }

    @Test
    void aMalformedRequestIsStoredAsARejectionAndCountedAndTheSinkCarriesOn() {
        try (TopicWriter writer = new TopicWriter();
                RunningSink sink = RunningSink.start(database, topics, groupId)) {
            // given
            writeRowsOf(writer, gone);
            writer.flush();
            await().atMost(PATIENCE).until(() -> rowsOf(gone) == 4);
            ErasureRequest erase = request(gone, ErasureAction.ERASE);
            byte[] key = TopicWriter.bytes(erase.key());

            // when: a request without its action, one that is no JSON, one with no key, one of another client that
            // is no JSON, then a good one, in a row
            String noAction = new String(erase.encode(), StandardCharsets.UTF_8).replace("\"action\":\"ERASE\",", "");
            writer.raw(topics.clientErasures(), 0, key, TopicWriter.bytes(noAction));
            writer.raw(topics.clientErasures(), 0, key, TopicWriter.bytes("{not json"));
            writer.raw(topics.clientErasures(), 0, null, erase.encode());
            writer.raw(topics.clientErasures(), 0, TopicWriter.bytes(clinic + "/" + kept), TopicWriter.bytes("{"));
            writer.raw(topics.clientErasures(), 0, key, erase.encode());
            writer.flush();

            // then: every refused request is counted; those that named the erased client went with it
            await().atMost(PATIENCE).until(() -> audited(erase) == 1);
            assertThat(tablesHolding(gone)).isEmpty();
            assertThat(database.rows(
                            "select reason, convert_from(record_key, 'UTF8') as key from sink_rejections"
                                    + " where topic = ? order by kafka_offset",
                            topics.clientErasures()))
                    .containsExactly(Map.of("reason", "UNDECODABLE", "key", clinic + "/" + kept));
            assertThat(sink.counter(SinkMetrics.ERASURE_REQUESTS_REFUSED)).isEqualTo(4);
            assertThat(sink.status().running()).isTrue();
        }
    }

    /** Two sleep-change rows and two nights of {@code client}. */
    private void writeRowsOf(TopicWriter writer, String client) {
        long now = System.currentTimeMillis();
        for (MetricWindow window : List.of(MetricWindow.NIGHT_0, MetricWindow.WEEK_1)) {
            MetricKey key = SleepData.key(clinic, client, "s1", window);
            writer.metric(topics.sleepChangeMetrics(), key, SleepData.metric(key, 1, 1), now);
        }
        for (int day = 0; day < 2; day++) {
            NightKey key =
                    SleepData.nightKey(clinic, client, LocalDate.of(2026, 3, 2).plusDays(day));
            writer.night(topics.nightlySleep(), key, SleepData.night(key, 400 + day));
        }
    }

    private static byte[] encodedNight(NightKey key) {
        return Codecs.nightlySleep().encode(SleepData.night(key, 400));
    }

    private ErasureRequest request(String client, ErasureAction action) {
        return ErasureRequest.of(new ClientKey(clinic, client), action, Instant.now(), "cli:test");
    }

    private long rowsOf(String client) {
        return database.count("select count(*) from sleep_change where clinic_id = ? and client_id = ?", clinic, client)
                + database.count(
                        "select count(*) from nightly_sleep where clinic_id = ? and client_id = ?", clinic, client)
                + database.count(
                        "select count(*) from sink_rejections where position(convert_to(?, 'UTF8') in"
                                + " coalesce(record_key, '') || coalesce(record_value, '')) > 0",
                        client);
    }

    private long audited(ErasureRequest request) {
        return database.count("select count(*) from erasure_audit where erasure_id = ?", request.erasureId());
    }

    private long outboxRows() {
        return database.count("select count(*) from erasure_outbox");
    }

    /**
     * Every table of the schema with a text or bytea column holding {@code text}: found generically, so that a table a
     * later migration adds is searched too.
     */
    private static List<String> tablesHolding(String text) {
        List<String> holding = new ArrayList<>();
        for (Map<String, Object> column : database.rows("select c.table_name, c.column_name, c.data_type"
                + " from information_schema.columns c join information_schema.tables t"
                + " on t.table_schema = c.table_schema and t.table_name = c.table_name"
                + " where c.table_schema = 'public' and t.table_type = 'BASE TABLE'"
                + " and c.data_type in ('text', 'character varying', 'character', 'bytea', 'name')")) {
            String table = (String) column.get("table_name");
            String name = (String) column.get("column_name");
            String condition = column.get("data_type").equals("bytea")
                    ? "position(convert_to(?, 'UTF8') in \"" + name + "\") > 0"
                    : "strpos(\"" + name + "\"::text, ?) > 0";
            if (database.count("select count(*) from \"" + table + "\" where " + condition, text) > 0) {
                holding.add(table + "." + name);
            }
        }
        return holding;
    }

    /** Per table, every row of {@code client}, all columns, in a fixed order. */
    private Map<String, List<Map<String, Object>>> everyRowOf(String client) {
        Map<String, List<Map<String, Object>>> rows = new HashMap<>();
        rows.put(
                "sleep_change",
                database.rows(
                        "select * from sleep_change where clinic_id = ? and client_id = ? order by metric_window",
                        clinic,
                        client));
        rows.put(
                "nightly_sleep",
                database.rows(
                        "select * from nightly_sleep where clinic_id = ? and client_id = ? order by night",
                        clinic,
                        client));
        rows.put(
                "sink_rejections",
                database.rows(
                        "select topic, kafka_partition, kafka_offset, reason, detail, encode(record_key, 'hex') k,"
                                + " encode(record_value, 'hex') v, record_timestamp, rejected_at from sink_rejections"
                                + " where position(convert_to(?, 'UTF8') in record_key) > 0 order by kafka_offset",
                        client));
        return rows;
    }

    /** Every record of the audit topic, from its start to its end now. */
    private List<ConsumerRecord<byte[], byte[]>> auditRecords() {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaTestBroker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topics.erasureAudit(), 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            await().atMost(PATIENCE).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                return consumer.position(partition) >= end;
            });
        }
        return records;
    }
}
