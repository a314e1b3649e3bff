package org.sleepdelta.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.SleepChangeMetric;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.metric.BatchComputation;
import org.sleepdelta.metric.MetricSettings;
import org.sleepdelta.schemas.Topics;
import org.sleepdelta.schemas.codec.Codecs;
import org.sleepdelta.streams.TopologyInputs;

/** Writing canonical inputs to the input topics, and waiting until an application has processed all of them. */
final class AppInputs {
    private AppInputs() {}

    static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    static void send(KafkaProducer<String, byte[]> producer, List<Object> records) throws Exception {
        for (Object input : records) {
            if (input instanceof SleepRecord r) {
                producer.send(new ProducerRecord<>(
                        Topics.SLEEP_RECORDS,
                        r.getClinicId() + "/" + r.getClientId(),
                        Codecs.sleepRecord().encode(r)));
            } else {
                MassageSession s = (MassageSession) input;
                producer.send(new ProducerRecord<>(
                        Topics.MASSAGE_SESSIONS,
                        s.getClinicId() + "/" + s.getClientId(),
                        Codecs.massageSession().encode(s)));
            }
        }
        producer.flush();
    }

    /** Committed offsets (which under exactly-once commit with their outputs) reach the end of every input partition. */
    static void awaitProcessed(Admin admin, String applicationId, int partitions) {
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                    for (String topic : List.of(Topics.SLEEP_RECORDS, Topics.MASSAGE_SESSIONS)) {
                        for (int p = 0; p < partitions; p++) {
                            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
                        }
                    }
                    var ends = admin.listOffsets(latest).all().get();
                    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                            .partitionsToOffsetAndMetadata()
                            .get();
                    return ends.entrySet().stream()
                            .allMatch(e -> e.getValue().offset() == 0
                                    || (committed.get(e.getKey()) != null
                                            && committed.get(e.getKey()).offset()
                                                    >= e.getValue().offset()));
                });
    }

    /**
     * Removes the application's group members, as {@code kafka-consumer-groups --delete-members} would, once its
     * instances are gone. Kafka Streams does not leave its group on close, and a killed instance cannot: without this
     * the next instance's first rebalance waits out the old member's session timeout (45 s), which no test is about.
     */
    static void removeGoneMembers(Admin admin, String applicationId) throws Exception {
        admin.removeMembersFromConsumerGroup(applicationId, new RemoveMembersFromConsumerGroupOptions())
                .all()
                .get();
    }

    /**
     * The dashboard topic's final state for the inputs' clients equals the batch definition, every key's revisions rise
     * strictly along the log (no duplicate or lost emission), and nothing was rejected.
     */
    static void assertDashboardEqualsBatchWithRisingRevisions(String bootstrap, TopologyInputs inputs, int partitions) {
        Map<String, SleepChangeMetric> state = new HashMap<>();
        Map<String, Long> lastRevision = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r :
                CommittedRecords.readAll(bootstrap, Topics.SLEEP_CHANGE_METRICS, partitions)) {
            if (!r.key().startsWith(inputs.clinicPrefix())) {
                continue; // other tests' clinics on the shared broker
            }
            if (r.value() == null) {
                state.remove(r.key());
                continue;
            }
            SleepChangeMetric metric = Codecs.sleepChangeMetric().decode(r.value());
            Long previous = lastRevision.put(r.key(), metric.getRevision());
            assertThat(metric.getRevision()).as(r.key()).isGreaterThan(previous == null ? 0 : previous);
            state.put(
                    r.key(), SleepChangeMetric.newBuilder(metric).setRevision(0).build());
        }
        assertThat(CommittedRecords.readAll(bootstrap, Topics.REJECTIONS, partitions))
                .filteredOn(r -> r.key().startsWith(inputs.clinicPrefix()))
                .extracting(r -> Codecs.rejection().decode(r.value()).toString())
                .isEmpty();
        Map<String, SleepChangeMetric> expected = new HashMap<>();
        BatchComputation.compute(inputs.sleepRecords(), inputs.sessions(), MetricSettings.defaults())
                .forEach((key, value) -> expected.put(key.toString(), value));
        assertThat(expected).isNotEmpty();
        assertThat(state.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((key, value) -> assertThat(state.get(key)).as(key).isEqualTo(value));
    }
}
