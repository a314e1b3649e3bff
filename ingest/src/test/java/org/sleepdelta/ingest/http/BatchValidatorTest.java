package org.sleepdelta.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.schemas.json.CanonicalJson;

class BatchValidatorTest {
    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private final BatchValidator validator =
            new BatchValidator(new IngestRules(Clock.fixed(NOW, ZoneOffset.UTC), 60, Duration.ofDays(1)));

    @Test
    void validBatchGivesItsRecordsInOrder() {
        // when
        List<SleepRecord> records = validator.validate("clinic-a",
                batch(sleep("c1", "2026-03-09"), sleep("c2", "2026-03-08")), RecordKind.SLEEP);

        // then
        assertThat(records).extracting(SleepRecord::getClientId).containsExactly("c1", "c2");
    }

    @Test
    void everyProblemOfEveryRecordIsListedInIndexOrder() {
        // given parse problems (line 2) next to contract and ingest-rule problems
        BatchParser.Result batch = new BatchParser.Result(List.of(
                new BatchItem(3, sleep("c1", "2026-03-20")),
                new BatchItem(1, sleep("c2", "2026-03-09").put("awakenings", -1).put("wasoMinutes", "ten"))),
                List.of(RecordProblem.at(2, "$", "is not well-formed JSON")));

        // then
        assertThatThrownBy(() -> validator.validate("clinic-a", batch, RecordKind.SLEEP)).satisfies(e -> {
            ApiError error = ((ApiException) e).error();
            assertThat(error.status()).isEqualTo(400);
            assertThat(error.message()).isEqualTo("3 of 3 record(s) are invalid; nothing was accepted");
            assertThat(error.problems()).containsExactly(
                    RecordProblem.at(1, "wasoMinutes", "must be a number"),
                    RecordProblem.at(2, "$", "is not well-formed JSON"),
                    RecordProblem.at(3, "sleepEnd", "must not be more than 1 day in the future"));
        });
    }

    @Test
    void anotherClinicIsForbiddenEvenWhenOtherRecordsAreInvalid() {
        // given
        BatchParser.Result batch = batch(sleep("c1", "2026-03-09").put("totalSleepMinutes", -5),
                sleep("c2", "2026-03-09").put("clinicId", "clinic-b"));

        // then
        assertThatThrownBy(() -> validator.validate("clinic-a", batch, RecordKind.SLEEP)).satisfies(e -> {
            ApiError error = ((ApiException) e).error();
            assertThat(error.status()).isEqualTo(403);
            assertThat(error.problems()).containsExactly(
                    RecordProblem.at(1, "clinicId", "names another clinic than the one this API key writes for"));
        });
    }

    @Test
    void adapterOutputIsCheckedAgainstTheContractTheRulesAndTheClinic() {
        // given
        SleepRecord fine = CanonicalJson.sleepRecord(sleep("c1", "2026-03-09")).value();
        SleepRecord badZone = SleepRecord.newBuilder(fine).setTimezone("Z").build();
        SleepRecord otherClinic = SleepRecord.newBuilder(fine).setClinicId("clinic-b").build();

        // then
        validator.validateRecords("clinic-a", List.of(fine), RecordKind.SLEEP);
        assertThatThrownBy(() -> validator.validateRecords("clinic-a", List.of(fine, badZone), RecordKind.SLEEP))
                .satisfies(e -> assertThat(((ApiException) e).error().problems()).containsExactly(
                        RecordProblem.at(1, "timezone", "must be an IANA time zone id such as Europe/Berlin")));
        assertThatThrownBy(() -> validator.validateRecords("clinic-a", List.of(otherClinic, badZone), RecordKind.SLEEP))
                .satisfies(e -> assertThat(((ApiException) e).error().status()).isEqualTo(403));
    }

    @Test
    void longProblemListsAreCutWithTheTotalNamed() {
        // given 1500 invalid records
        ObjectNode[] records = new ObjectNode[1500];
        for (int i = 0; i < records.length; i++) {
            records[i] = sleep("c" + i, "2026-03-09").put("awakenings", 500);
        }

        // then
        assertThatThrownBy(() -> validator.validate("clinic-a", batch(records), RecordKind.SLEEP)).satisfies(e -> {
            ApiError error = ((ApiException) e).error();
            assertThat(error.problems()).hasSize(1000);
            assertThat(error.message()).isEqualTo("1500 of 1500 record(s) are invalid; nothing was accepted"
                    + " (the first 1000 of 1500 problems are listed)");
        });
    }

    private static BatchParser.Result batch(ObjectNode... nodes) {
        List<BatchItem> items = new java.util.ArrayList<>();
        for (int i = 0; i < nodes.length; i++) {
            items.add(new BatchItem(i, nodes[i]));
        }
        return new BatchParser.Result(items, List.of());
    }

    private static ObjectNode sleep(String clientId, String endDate) {
        ObjectNode o = CanonicalJson.mapper().createObjectNode();
        o.put("clinicId", "clinic-a").put("clientId", clientId).put("source", "FITBIT").put("sourceRecordId", "r")
                .put("sleepStart", endDate + "T00:00:00Z").put("sleepEnd", endDate + "T07:00:00Z")
                .put("timezone", "UTC").put("totalSleepMinutes", 400);
        return o;
    }
}
