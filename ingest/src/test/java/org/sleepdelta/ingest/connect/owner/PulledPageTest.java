package org.sleepdelta.ingest.connect.owner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.Rejection;
import org.sleepdelta.avro.RejectionReason;
import org.sleepdelta.ingest.http.PulledPayloads;
import org.sleepdelta.ingest.vendor.VendorAdapters;
import org.sleepdelta.schemas.codec.Codecs;
import org.sleepdelta.schemas.kafka.CanonicalRecords;

/** A pulled page is never refused: what cannot go to the input topics goes to the rejection topic, saying why. */
class PulledPageTest {
    /** Oura's documents carry only UTC offsets: like an upload's ?timezone=, the connection's zone is required. */
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private final Clock clock = Clock.systemUTC();
    private final CanonicalRecords topics = new CanonicalRecords("sleep", "sessions", "rejected");
    private final PulledPayloads payloads =
            new PulledPayloads(VendorAdapters::forVendor, topics, clock, 400, Duration.ofDays(1));

    @Test
    void aValidNightGoesToTheSleepTopic() {
        LocalDate night = LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(1);

        PulledPayloads.Pulled pulled =
                payloads.read(ScriptedVendor.page("u1", night), "oura", "oura", "clinic-a", "c1", BERLIN);

        assertThat(pulled.readable()).isTrue();
        assertThat(pulled.accepted()).isEqualTo(1);
        assertThat(pulled.records()).singleElement().satisfies(r -> {
            assertThat(r.topic()).isEqualTo("sleep");
            assertThat(r.key()).isEqualTo("clinic-a/c1");
        });
    }

    @Test
    void withoutTheZoneOuraNightsAreRejectedAsInvalidSayingWhy() {
        LocalDate night = LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(1);

        PulledPayloads.Pulled pulled =
                payloads.read(ScriptedVendor.page("u1", night), "oura", "oura", "clinic-a", "c1", null);

        assertThat(pulled.accepted()).isZero();
        assertThat(pulled.invalid()).isEqualTo(1);
        Rejection rejection = Codecs.rejection().decode(pulled.records().get(0).value());
        assertThat(rejection.getReason()).isEqualTo(RejectionReason.INVALID);
        assertThat(rejection.getDetail()).contains("data[0].timezone");
    }

    @Test
    void anUnreadablePageIsRejectedWholeWithItsOrigin() {
        PulledPayloads.Pulled pulled = payloads.read(
                "{\"data\": 7".getBytes(StandardCharsets.UTF_8), "oura", "oura", "clinic-a", "c1", BERLIN);

        assertThat(pulled.readable()).isFalse();
        assertThat(pulled.invalid()).isEqualTo(1);
        Rejection rejection = Codecs.rejection().decode(pulled.records().get(0).value());
        assertThat(rejection.getReason()).isEqualTo(RejectionReason.UNDECODABLE);
        assertThat(rejection.getSourceFile()).isEqualTo("connection:oura");
        assertThat(rejection.getDetail()).contains("cannot be read as oura sleep data");
    }

    @Test
    void aNightOlderThanTheRetentionIsRejectedAsTooLate() {
        LocalDate old = LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(500);

        PulledPayloads.Pulled pulled =
                payloads.read(ScriptedVendor.page("u1", old), "oura", "oura", "clinic-a", "c1", BERLIN);

        assertThat(pulled.accepted()).isZero();
        assertThat(pulled.tooLate()).isEqualTo(1);
        Rejection rejection = Codecs.rejection().decode(pulled.records().get(0).value());
        assertThat(rejection.getReason()).isEqualTo(RejectionReason.TOO_LATE);
        assertThat(rejection.getRecordKey()).isEqualTo("clinic-a/c1");
    }

    @Test
    void aBadItemIsRejectedAndTheGoodOnesGoThrough() {
        LocalDate night = LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(1);
        String good = new String(ScriptedVendor.page("u1", night), StandardCharsets.UTF_8);
        String withBad = good.replace("\"data\":[", "\"data\":[{\"id\":\"x\",\"type\":\"long_sleep\"},");

        PulledPayloads.Pulled pulled =
                payloads.read(withBad.getBytes(StandardCharsets.UTF_8), "oura", "oura", "clinic-a", "c1", BERLIN);

        assertThat(pulled.accepted()).isEqualTo(1);
        assertThat(pulled.invalid()).isEqualTo(1);
        Rejection rejection = Codecs.rejection().decode(pulled.records().get(1).value());
        assertThat(rejection.getReason()).isEqualTo(RejectionReason.INVALID);
        assertThat(rejection.getDetail()).startsWith("data[0]");
    }
}
