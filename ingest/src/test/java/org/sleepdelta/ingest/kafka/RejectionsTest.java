package org.sleepdelta.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.Rejection;
import org.sleepdelta.avro.RejectionReason;
import org.sleepdelta.schemas.validation.Violation;

class RejectionsTest {
    private static final Instant AT = Instant.parse("2026-03-10T12:00:00Z");

    @Test
    void oneViolationNamesItsFieldAndTheRecordKeepsWhereItCameFromAndItsBytes() {
        // when
        Rejection r = Rejections.of(
                RejectionReason.TOO_LATE,
                List.of(new Violation("start", "is on 2026-01-01")),
                "bookings.csv",
                7L,
                "clinic-a/c1",
                "s1,c1".getBytes(StandardCharsets.UTF_8),
                AT);

        // then
        assertThat(r.getReason()).isEqualTo(RejectionReason.TOO_LATE);
        assertThat(r.getField()).isEqualTo("start");
        assertThat(r.getDetail()).isEqualTo("start: is on 2026-01-01");
        assertThat(r.getSourceFile()).isEqualTo("bookings.csv");
        assertThat(r.getSourceLine()).isEqualTo(7L);
        assertThat(r.getRecordKey()).isEqualTo("clinic-a/c1");
        assertThat(StandardCharsets.UTF_8.decode(r.getPayload()).toString()).isEqualTo("s1,c1");
        assertThat(r.getRejectedAt()).isEqualTo(AT);
        assertThat(r.getSourceTopic()).isNull();
    }

    @Test
    void severalViolationsNameNoFieldAndAreAllInTheDetail() {
        // when
        Rejection r = Rejections.of(
                RejectionReason.INVALID,
                List.of(new Violation("a", "x"), new Violation("b", "y")),
                "f.jsonl",
                null,
                null,
                null,
                AT);

        // then
        assertThat(r.getField()).isNull();
        assertThat(r.getDetail()).isEqualTo("a: x; b: y");
        assertThat(r.getSourceLine()).isNull();
        assertThat(r.getPayload()).isNull();
    }

    @Test
    void aLocatedViolationHasItsLocationInFrontOfItsField() {
        assertThat(Rejections.at("data[3]", new Violation("sleepStart", "old")))
                .isEqualTo(new Violation("data[3].sleepStart", "old"));
        assertThat(Rejections.at("data[3]", new Violation(null, "is not a sleep type")))
                .isEqualTo(new Violation("data[3]", "is not a sleep type"));
    }

    @Test
    void aRejectionSaysWhy() {
        assertThatThrownBy(() -> Rejections.of(RejectionReason.INVALID, List.of(), "f", null, null, null, AT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bytesAsSentUpToTheCapAreKeptAsTheyAre() {
        byte[] asSent = new byte[Rejections.MAX_PAYLOAD_BYTES];

        Rejections.CappedPayload capped = Rejections.capped(asSent, "{}");

        assertThat(capped.bytes()).isSameAs(asSent);
        assertThat(capped.note()).isNull();
    }

    @Test
    void bytesAsSentOverTheCapAreReplacedByTheCanonicalJsonWithANote() {
        byte[] asSent = new byte[Rejections.MAX_PAYLOAD_BYTES + 1];

        Rejections.CappedPayload capped = Rejections.capped(asSent, "{\"a\":1}");

        assertThat(new String(capped.bytes(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        assertThat(capped.note())
                .isEqualTo("payload is the record's canonical JSON: its 65537 bytes as sent exceed 65536");
    }

    @Test
    void canonicalJsonOverTheCapIsTruncatedToItAndSaysSo() {
        byte[] asSent = new byte[200_000];
        String canonical = "x".repeat(100_000);

        Rejections.CappedPayload capped = Rejections.capped(asSent, canonical);

        assertThat(capped.bytes()).hasSize(Rejections.MAX_PAYLOAD_BYTES);
        assertThat(capped.note())
                .isEqualTo("payload truncated to the first 65536 of the record's 100000 bytes of canonical JSON"
                        + " (200000 bytes as sent)");
    }
}
