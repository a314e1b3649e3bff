package org.sleepdelta.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sleepdelta.ingest.http.Canonical.array;
import static org.sleepdelta.ingest.http.Canonical.sleep;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Kafka failure in the middle of a batch leaves nothing a read_committed reader (the streams service) can see, even
 * though the records before the failure did reach the broker.
 */
class AtomicBatchIT {
    /** Records for this client fail, as a broker that stops answering would make them. */
    private static final String POISON_CLIENT = "poison";

    private static RunningIngest ingest;

    @BeforeAll
    static void start() {
        ingest = RunningIngest.builder()
                .wiring(w -> w.producers(FailingOnPoison::new))
                .start();
    }

    @AfterAll
    static void stop() {
        ingest.close();
    }

    @Test
    void failureMidBatchAbortsTheRecordsAlreadyOnTheBroker() {
        // given 20 records, the 11th of which Kafka fails to take
        List<ObjectNode> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            batch.add(sleep(i == 10 ? POISON_CLIENT : "atomic-" + i, "r" + i, 1));
        }

        // when
        HttpResponse response = ingest.postSleep().json(array(batch)).send();

        // then the client is told to retry, and none of the batch is visible to read_committed readers
        assertThat(response.status()).isEqualTo(429);
        assertThat(response.error()).isEqualTo("kafka_unavailable");
        assertThat(response.header("Retry-After")).isPresent();
        assertThat(atomicRecords(TopicContents.readCommitted(ingest.bootstrapServers, ingest.sleepTopic)))
                .isEmpty();
        // though the first ten did reach the log (as aborted records): the failure really was mid-batch
        assertThat(atomicRecords(TopicContents.readUncommitted(ingest.bootstrapServers, ingest.sleepTopic)))
                .hasSize(10);
    }

    @Test
    void failureMidBatchAbortsTheRejectionsOfOldRecordsWithTheRecordsOfTheInputTopic() {
        // given a recent night, then two nights older than the retention, the second of which Kafka fails to take:
        // the recent night and the first old one's rejection reach the log before the failure
        List<ObjectNode> batch = List.of(
                sleep("retained-old-1", "o1", 1), sleep("retained-old-2", "o2", 200), sleep(POISON_CLIENT, "o3", 201));

        // when
        HttpResponse response = ingest.postSleep().json(array(batch)).send();

        // then neither the input nor the rejection topic shows any of it to read_committed readers
        assertThat(response.status()).isEqualTo(429);
        assertThat(keysOf(
                        "clinic-a/retained-old-",
                        TopicContents.readCommitted(ingest.bootstrapServers, ingest.sleepTopic)))
                .isEmpty();
        assertThat(keysOf(
                        "clinic-a/retained-old-",
                        TopicContents.readCommitted(ingest.bootstrapServers, ingest.rejectionsTopic)))
                .isEmpty();
        // though both were in the log, as aborted records of the one transaction
        assertThat(keysOf(
                        "clinic-a/retained-old-",
                        TopicContents.readUncommitted(ingest.bootstrapServers, ingest.sleepTopic)))
                .containsExactly("clinic-a/retained-old-1");
        assertThat(keysOf(
                        "clinic-a/retained-old-",
                        TopicContents.readUncommitted(ingest.bootstrapServers, ingest.rejectionsTopic)))
                .containsExactly("clinic-a/retained-old-2");
    }

    private static List<String> keysOf(String prefix, List<ConsumerRecord<String, byte[]>> records) {
        return records.stream()
                .map(ConsumerRecord::key)
                .filter(k -> k != null && k.startsWith(prefix))
                .toList();
    }

    @Test
    void batchAfterAnAbortedOneIsWrittenWhole() {
        // given an aborted batch
        HttpResponse aborted = ingest.postSleep()
                .json(array(List.of(sleep("after-0", "a0", 1), sleep(POISON_CLIENT, "p", 1))))
                .send();
        assertThat(aborted.status()).isEqualTo(429);

        // when
        HttpResponse next = ingest.postSleep()
                .json(array(List.of(sleep("after-1", "a1", 1), sleep("after-2", "a2", 1))))
                .send();

        // then
        assertThat(next.status()).isEqualTo(202);
        assertThat(TopicContents.keys(TopicContents.readCommitted(ingest.bootstrapServers, ingest.sleepTopic)))
                .contains("clinic-a/after-1", "clinic-a/after-2")
                .doesNotContain("clinic-a/after-0");
    }

    private static List<ConsumerRecord<String, byte[]>> atomicRecords(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream()
                .filter(r -> r.key().startsWith("clinic-a/atomic-"))
                .toList();
    }

    /** A real producer, except that the poison client's record fails after everything before it was acknowledged. */
    private static final class FailingOnPoison extends KafkaProducer<String, byte[]> {
        FailingOnPoison(Map<String, Object> config) {
            super(config, new StringSerializer(), new ByteArraySerializer());
        }

        @Override
        public Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
            if (record.key().endsWith("/" + POISON_CLIENT)) {
                flush(); // the records sent so far are now in the log, inside the open transaction
                throw new TimeoutException("injected: the broker did not take the record in time");
            }
            return super.send(record, callback);
        }
    }
}
