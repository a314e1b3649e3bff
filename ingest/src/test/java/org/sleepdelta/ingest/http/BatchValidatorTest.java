package org.sleepdelta.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.schemas.CanonicalRecord;
import org.sleepdelta.schemas.json.CanonicalJson;

class BatchValidatorTest {
    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private final BatchValidator validator =
            new BatchValidator(new IngestRules(Clock.fixed(NOW, ZoneOffset.UTC), 60, Duration.ofDays(1)));

    @Test
    void validBatchGivesItsRecordsInOrder() {
        // when
        ValidBatch valid = validator.validate(
                "clinic-a", batch(sleep("c1", "2026-03-09"), sleep("c2", "2026-03-08")), RecordKind.SLEEP);

        // then
        assertThat(valid.records()).extracting(CanonicalRecord::clientId).containsExactly("c1", "c2");
        assertThat(valid.outsideRetention()).isEmpty();
        assertThat(valid.earliestNight()).isEqualTo(LocalDate.of(2026, 1, 10));
    }

    @Test
    void recordsOlderThanTheRetentionAreSetApartWithWhereTheyWereWhyAndTheirBytesAsSent() {
        // given a JSON array: in retention, the night of 01-09 (before the earliest, 01-10), 01-10, and a deletion
        byte[] body = ("[" + CanonicalJson.line(sleep("c1", "2026-03-09")) + ",\n  "
                        + CanonicalJson.line(sleep("c2", "2026-01-10")) + ", "
                        + CanonicalJson.line(sleep("c3", "2026-01-11"))
                        + "," + CanonicalJson.line(deletion("c4")) + "]")
                .getBytes(StandardCharsets.UTF_8);
        BatchParser.Result batch = new BatchParser(10).parse(body, BatchFormat.JSON);

        // when
        ValidBatch valid = validator.validate("clinic-a", batch, RecordKind.SLEEP);

        // then
        assertThat(valid.records()).extracting(CanonicalRecord::clientId).containsExactly("c1", "c3", "c4");
        assertThat(valid.size()).isEqualTo(4);
        assertThat(valid.outsideRetention()).singleElement().satisfies(old -> {
            assertThat(old.record().clientId()).isEqualTo("c2");
            assertThat(old.problem())
                    .isEqualTo(
                            RecordProblem.at(
                                    1,
                                    "sleepStart",
                                    "belongs to the night of 2026-01-09,"
                                            + " older than the retention of 60 days: the earliest night accepted now is 2026-01-10"));
            assertThat(old.location()).isEqualTo("$[1]");
            assertThat(old.line()).isNull();
            assertThat(new String(old.payload(), StandardCharsets.UTF_8))
                    .isEqualTo(CanonicalJson.line(sleep("c2", "2026-01-10")));
        });
    }

    @Test
    void ndjsonRecordsOutsideTheRetentionKeepTheirLine() {
        // given
        String line2 =
                "{\"clinicId\": \"clinic-a\", \"clientId\": \"c2\", \"source\": \"FITBIT\", \"sourceRecordId\": \"r\","
                        + " \"sleepStart\": \"2025-12-01T00:00:00Z\", \"sleepEnd\": \"2025-12-01T07:00:00Z\","
                        + " \"timezone\": \"UTC\", \"totalSleepMinutes\": 400}";
        byte[] body = (CanonicalJson.line(sleep("c1", "2026-03-09")) + "\r\n" + line2 + "\r\n")
                .getBytes(StandardCharsets.UTF_8);

        // when
        ValidBatch valid =
                validator.validate("clinic-a", new BatchParser(10).parse(body, BatchFormat.NDJSON), RecordKind.SLEEP);

        // then
        assertThat(valid.outsideRetention()).singleElement().satisfies(old -> {
            assertThat(old.problem().index()).isEqualTo(2L);
            assertThat(old.line()).isEqualTo(2L);
            assertThat(old.location()).isNull();
            assertThat(new String(old.payload(), StandardCharsets.UTF_8)).isEqualTo(line2);
        });
    }

    @Test
    void aBatchOfOnlyOldRecordsIsValidWithNothingForTheInputTopics() {
        // when
        ValidBatch valid = validator.validate(
                "clinic-a", batch(sleep("c1", "2025-03-09"), sleep("c2", "2025-03-08")), RecordKind.SLEEP);

        // then
        assertThat(valid.records()).isEmpty();
        assertThat(valid.outsideRetention())
                .extracting(o -> o.problem().index())
                .containsExactly(0L, 1L);
    }

    @Test
    void anInvalidRecordRefusesTheBatchAndOnlyTheInvalidAreListedNotTheOld() {
        // given an old record, and one in the future
        BatchParser.Result batch =
                batch(sleep("c1", "2025-03-09"), sleep("c2", "2026-03-20"), sleep("c3", "2026-03-09"));

        // then
        assertThatThrownBy(() -> validator.validate("clinic-a", batch, RecordKind.SLEEP))
                .satisfies(e -> {
                    ApiError error = ((ApiException) e).error();
                    assertThat(error.status()).isEqualTo(400);
                    assertThat(error.message()).isEqualTo("1 of 3 record(s) are invalid; nothing was accepted");
                    assertThat(error.problems())
                            .containsExactly(
                                    RecordProblem.at(1, "sleepEnd", "must not be more than 1 day in the future"));
                });
    }

    @Test
    void everyProblemOfEveryRecordIsListedInIndexOrder() {
        // given parse problems (line 2) next to contract and ingest-rule problems
        BatchParser.Result batch = new BatchParser.Result(
                List.of(
                        new BatchItem(3, sleep("c1", "2026-03-20")),
                        new BatchItem(
                                1,
                                sleep("c2", "2026-03-09").put("awakenings", -1).put("wasoMinutes", "ten"))),
                List.of(RecordProblem.at(2, "$", "is not well-formed JSON")));

        // then
        assertThatThrownBy(() -> validator.validate("clinic-a", batch, RecordKind.SLEEP))
                .satisfies(e -> {
                    ApiError error = ((ApiException) e).error();
                    assertThat(error.status()).isEqualTo(400);
                    assertThat(error.message()).isEqualTo("3 of 3 record(s) are invalid; nothing was accepted");
                    assertThat(error.problems())
                            .containsExactly(
                                    RecordProblem.at(1, "wasoMinutes", "must be a number"),
                                    RecordProblem.at(2, "$", "is not well-formed JSON"),
                                    RecordProblem.at(3, "sleepEnd", "must not be more than 1 day in the future"));
                });
    }

    @Test
    void anotherClinicIsForbiddenEvenWhenOtherRecordsAreInvalid() {
        // given
        BatchParser.Result batch = batch(
                sleep("c1", "2026-03-09").put("totalSleepMinutes", -5),
                sleep("c2", "2026-03-09").put("clinicId", "clinic-b"));

        // then
        assertThatThrownBy(() -> validator.validate("clinic-a", batch, RecordKind.SLEEP))
                .satisfies(e -> {
                    ApiError error = ((ApiException) e).error();
                    assertThat(error.status()).isEqualTo(403);
                    assertThat(error.problems())
                            .containsExactly(RecordProblem.at(
                                    1, "clinicId", "names another clinic than the one this API key writes for"));
                });
    }

    @Test
    void adapterOutputIsCheckedAgainstTheContractTheRulesAndTheClinic() {
        // given
        SleepRecord night = CanonicalJson.sleepRecord(sleep("c1", "2026-03-09")).value();
        CanonicalRecord fine = CanonicalRecord.of(night);
        CanonicalRecord badZone = CanonicalRecord.of(
                SleepRecord.newBuilder(night).setTimezone("Z").build());
        CanonicalRecord otherClinic = CanonicalRecord.of(
                SleepRecord.newBuilder(night).setClinicId("clinic-b").build());

        // then
        assertThat(validator
                        .validateRecords("clinic-a", List.of(fine), locations(1))
                        .records())
                .containsExactly(fine);
        assertThatThrownBy(() -> validator.validateRecords("clinic-a", List.of(fine, badZone), locations(2)))
                .satisfies(e -> assertThat(((ApiException) e).error().problems())
                        .containsExactly(
                                RecordProblem.at(1, "timezone", "must be an IANA time zone id such as Europe/Berlin")));
        assertThatThrownBy(() -> validator.validateRecords("clinic-a", List.of(otherClinic, badZone), locations(2)))
                .satisfies(e -> assertThat(((ApiException) e).error().status()).isEqualTo(403));
    }

    @Test
    void adapterRecordsOutsideTheRetentionAreListedByTheirLocationInThePayloadAndKeptAsCanonicalJson() {
        // given
        CanonicalRecord fine = CanonicalJson.sleepRecord(sleep("c1", "2026-03-09"))
                .map(CanonicalRecord::of)
                .value();
        CanonicalRecord old = CanonicalJson.sleepRecord(sleep("c1", "2025-11-02"))
                .map(CanonicalRecord::of)
                .value();
        CanonicalRecord oldWithoutLocation = CanonicalJson.sleepRecord(sleep("c1", "2025-11-03"))
                .map(CanonicalRecord::of)
                .value();

        // when
        ValidBatch valid = validator.validateRecords(
                "clinic-a", List.of(old, fine, oldWithoutLocation), Arrays.asList("data[0]", "data[1]", null));

        // then
        assertThat(valid.records()).containsExactly(fine);
        assertThat(valid.outsideRetention()).hasSize(2);
        ValidBatch.OutsideRetention first = valid.outsideRetention().get(0);
        assertThat(first.problem())
                .isEqualTo(
                        new RecordProblem(
                                null,
                                "data[0]",
                                "sleepStart",
                                "belongs to the night of"
                                        + " 2025-11-01, older than the retention of 60 days: the earliest night accepted now is 2026-01-10"));
        assertThat(first.location()).isEqualTo("data[0]");
        assertThat(new String(first.payload(), StandardCharsets.UTF_8)).isEqualTo(CanonicalJson.line(old.toJson()));
        assertThat(valid.outsideRetention().get(1).problem().index()).isEqualTo(2L);
        assertThat(valid.outsideRetention().get(1).location()).isNull();
    }

    @Test
    void longProblemListsAreCutWithTheTotalNamed() {
        // given 1500 invalid records
        ObjectNode[] records = new ObjectNode[1500];
        for (int i = 0; i < records.length; i++) {
            records[i] = sleep("c" + i, "2026-03-09").put("awakenings", 500);
        }

        // then
        assertThatThrownBy(() -> validator.validate("clinic-a", batch(records), RecordKind.SLEEP))
                .satisfies(e -> {
                    ApiError error = ((ApiException) e).error();
                    assertThat(error.problems()).hasSize(1000);
                    assertThat(error.message())
                            .isEqualTo("1500 of 1500 record(s) are invalid; nothing was accepted"
                                    + " (the first 1000 of 1500 problems are listed)");
                });
    }

    private static List<String> locations(int n) {
        return Collections.nCopies(n, null);
    }

    private static ObjectNode deletion(String clientId) {
        ObjectNode o = CanonicalJson.mapper().createObjectNode();
        o.put("clinicId", "clinic-a")
                .put("clientId", clientId)
                .put("source", "FITBIT")
                .put("sourceRecordId", "r")
                .put("deleted", true);
        return o;
    }

    private static BatchParser.Result batch(ObjectNode... nodes) {
        List<BatchItem> items = new ArrayList<>();
        for (int i = 0; i < nodes.length; i++) {
            items.add(new BatchItem(i, nodes[i]));
        }
        return new BatchParser.Result(items, List.of());
    }

    private static ObjectNode sleep(String clientId, String endDate) {
        ObjectNode o = CanonicalJson.mapper().createObjectNode();
        o.put("clinicId", "clinic-a")
                .put("clientId", clientId)
                .put("source", "FITBIT")
                .put("sourceRecordId", "r")
                .put("sleepStart", endDate + "T00:00:00Z")
                .put("sleepEnd", endDate + "T07:00:00Z")
                .put("timezone", "UTC")
                .put("totalSleepMinutes", 400);
        return o;
    }
}
