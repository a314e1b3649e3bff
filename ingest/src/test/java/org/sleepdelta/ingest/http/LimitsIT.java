package org.sleepdelta.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sleepdelta.ingest.http.Canonical.array;
import static org.sleepdelta.ingest.http.Canonical.sleep;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sleepdelta.schemas.json.CanonicalJson;

/** 413 for bodies and batches over the limits, however they arrive; batches at the limits pass. */
class LimitsIT {
    private static final int MAX_RECORDS = 5;
    private static final int MAX_BYTES = 16 * 1024;
    private static RunningIngest ingest;

    @BeforeAll
    static void start() {
        ingest = RunningIngest.builder()
                .setting("max-batch-records", Integer.toString(MAX_RECORDS))
                .setting("max-body-bytes", "16KB")
                .start();
    }

    @AfterAll
    static void stop() {
        ingest.close();
    }

    @Test
    void batchOfExactlyTheMaximumRecordCountIsAccepted() {
        // when
        HttpResponse response = ingest.postSleep()
                .json(array(records("at-limit-", MAX_RECORDS)))
                .send();

        // then
        assertThat(response.status()).isEqualTo(202);
        assertThat(response.json().get("accepted").asInt()).isEqualTo(MAX_RECORDS);
    }

    @Test
    void oneRecordMoreThanTheMaximumIsTooManyAndWritesNothing() {
        // given
        Map<TopicPartition, Long> endBefore = TopicContents.endOffsets(ingest.bootstrapServers, ingest.sleepTopic);

        // when
        HttpResponse json = ingest.postSleep()
                .json(array(records("over-limit-", MAX_RECORDS + 1)))
                .send();
        HttpResponse ndjson = ingest.postSleep()
                .ndjson(Canonical.ndjson(records("over-limit-", MAX_RECORDS + 1)))
                .send();

        // then
        for (HttpResponse response : List.of(json, ndjson)) {
            assertThat(response.status()).isEqualTo(413);
            assertThat(response.error()).isEqualTo("too_many_records");
            assertThat(response.json().get("message").asText()).isEqualTo("a batch may hold at most 5 records");
        }
        assertThat(TopicContents.endOffsets(ingest.bootstrapServers, ingest.sleepTopic))
                .isEqualTo(endBefore);
    }

    @Test
    void bodyLargerThanTheLimitIsRefusedWhetherItsLengthIsDeclaredOrNot() {
        // given a single record padded with whitespace past the limit
        byte[] body = padded(sleep("big-1", "b1", 1), MAX_BYTES + 1);

        // when
        HttpResponse declared =
                ingest.postSleep().body(body, "application/json").send();
        HttpResponse chunked =
                ingest.postSleep().body(body, "application/json").chunked().send();

        // then
        for (HttpResponse response : List.of(declared, chunked)) {
            assertThat(response.status()).isEqualTo(413);
            assertThat(response.error()).isEqualTo("body_too_large");
        }
    }

    @Test
    void bodyOfExactlyTheLimitIsAccepted() {
        // when
        HttpResponse response = ingest.postSleep()
                .body(padded(sleep("exact-1", "e1", 1), MAX_BYTES), "application/json")
                .chunked()
                .send();

        // then
        assertThat(response.status()).isEqualTo(202);
    }

    @Test
    void gzipBodyThatDecompressesPastTheLimitIsRefused() {
        // given a 1 MB body that compresses to a few KB: a small gzip bomb
        byte[] bomb = IngestClient.gzip(padded(sleep("bomb-1", "b1", 1), 1024 * 1024));
        assertThat(bomb.length).isLessThan(MAX_BYTES);

        // when
        HttpResponse response = ingest.postSleep()
                .body(bomb, "application/json")
                .header("Content-Encoding", "gzip")
                .send();

        // then
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.error()).isEqualTo("body_too_large");
        assertThat(response.json().get("message").asText()).contains("after decompression");
    }

    private static List<ObjectNode> records(String clientPrefix, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> sleep(clientPrefix + i, "r" + i, 1))
                .toList();
    }

    /** The record as JSON, followed by spaces up to exactly {@code size} bytes. */
    private static byte[] padded(ObjectNode record, int size) {
        byte[] json = CanonicalJson.line(record).getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) ' ');
        System.arraycopy(json, 0, body, 0, json.length);
        return body;
    }
}
