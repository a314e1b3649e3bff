package org.sleepdelta.schemas.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.sleepdelta.schemas.crypto.MasterKeys;

class ConnectionRecordsTest {
    private static final Instant NOW = Instant.parse("2026-12-07T01:00:00Z");
    private static final ConnectionKey KEY = new ConnectionKey("clinic-a", "c0001", "oura");
    private static final OAuthTokens TOKENS =
            new OAuthTokens("access-secret-1", "refresh-secret-1", NOW.plusSeconds(3600), "daily personal");

    private final ConnectionRecords records =
            ConnectionRecords.onPipelineTopics(MasterKeys.parse(MasterKeys.generateEntry("m1")));

    @Test
    void aConnectionComesBackFieldByFieldAndItsTokensAreNotInTheBytes() {
        Connection connection =
                Connection.connected(KEY, "oura-user-9", TOKENS, "Europe/Berlin", LocalDate.parse("2026-10-08"), NOW)
                        .toBuilder()
                        .pull(new PullWindow(LocalDate.parse("2026-10-08"), LocalDate.parse("2026-12-06"), "page-2"))
                        .lastError(new ConnectionError("rate_limited", NOW, "HTTP 429"))
                        .consecutiveFailures(2)
                        .vendorState(Map.of("subscriptionId", "s-1"))
                        .build(NOW.plusSeconds(5));

        ProducerRecord<String, byte[]> record = records.record(connection);

        assertThat(record.key()).isEqualTo("clinic-a/c0001/oura");
        String raw = new String(record.value(), StandardCharsets.ISO_8859_1);
        assertThat(raw).doesNotContain("access-secret-1", "refresh-secret-1", "oura-user-9");
        assertThat(records.connection(record.key(), record.value())).isEqualTo(connection);
        assertThat(connection.revision()).isEqualTo(2);
    }

    @Test
    void aRequestComesBackAndDoesNotOpenUnderAnotherKey() {
        ConnectionRequest request =
                ConnectionRequest.connect(KEY, "u-1", TOKENS, null, LocalDate.parse("2026-10-08"), NOW);
        ProducerRecord<String, byte[]> record = records.record(request);

        assertThat(records.request(record.key(), record.value())).isEqualTo(request);
        assertThatThrownBy(() -> records.request("clinic-b/c0001/oura", record.value()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not open");
        assertThatThrownBy(() -> records.connection(record.key(), record.value()))
                .hasMessageContaining("is not a connection");
    }

    @Test
    void keysNameTheirPartAndTokensNeverPrint() {
        assertThat(ConnectionKey.parse("clinic-a/c0001/garmin").vendor()).isEqualTo("garmin");
        assertThatThrownBy(() -> ConnectionKey.parse("clinic-a/c0001/polar")).hasMessageContaining("vendor must be");
        assertThatThrownBy(() -> ConnectionKey.parse("clinic-a/c0001")).hasMessageContaining("got 2 parts");
        assertThat(TOKENS.toString()).doesNotContain("access-secret-1", "refresh-secret-1");
        assertThat(TOKENS.expiresWithin(NOW, 60)).isFalse();
        assertThat(TOKENS.expiresWithin(NOW.plusSeconds(3550), 60)).isTrue();
    }
}
