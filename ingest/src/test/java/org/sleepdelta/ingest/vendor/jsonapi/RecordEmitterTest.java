package org.sleepdelta.ingest.vendor.jsonapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.SleepSource;
import org.sleepdelta.ingest.vendor.AdapterContext;
import org.sleepdelta.ingest.vendor.Problem;

class RecordEmitterTest {
    private static final AdapterContext CONTEXT = new AdapterContext("clinic-7", "client-42", ZoneId.of("UTC"));
    private final CollectingSink sink = new CollectingSink();
    private final RecordEmitter emitter = new RecordEmitter(sink);

    private static RecordDraft eightHours() {
        RecordDraft draft = new RecordDraft();
        draft.sourceRecordId = "test:1";
        draft.sleepStart = Instant.parse("2026-03-01T22:00:00Z");
        draft.sleepEnd = Instant.parse("2026-03-02T06:00:00Z");
        draft.timezone = "UTC";
        draft.totalSleepMinutes = 420.0;
        return draft;
    }

    @Test
    void aRecordThatPassesTheContractGoesToTheSink() {
        boolean emitted = emitter.emit("x[0]", eightHours().toRecord(CONTEXT, SleepSource.OTHER));

        assertThat(emitted).isTrue();
        assertThat(sink.records).singleElement().satisfies(r -> {
            assertThat(r.getClinicId()).isEqualTo("clinic-7");
            assertThat(r.getTotalSleepMinutes()).isEqualTo(420.0);
        });
        assertThat(sink.problems).isEmpty();
    }

    @Test
    void aRecordThatBreaksTheContractBecomesOneProblemPerRuleAndIsNotEmitted() {
        RecordDraft draft = eightHours();
        draft.restingHeartRateBpm = 7.0; // below 20
        draft.awakenings = -1;

        boolean emitted = emitter.emit("x[3]", draft.toRecord(CONTEXT, SleepSource.OTHER));

        assertThat(emitted).isFalse();
        assertThat(sink.records).isEmpty();
        assertThat(sink.problems)
                .containsExactly(
                        new Problem("x[3]", "awakenings", "must be from 0 to 200"),
                        new Problem("x[3]", "restingHeartRateBpm", "must be from 20 to 250"));
    }

    @Test
    void anItemWhoseTimesAreOutOfRangeIsAProblemNotAFailureOfThePayload() {
        emitter.item("series[1]", () -> {
            // A vendor time the mapping cannot represent: the item fails before anything is emitted.
            var unused = Instant.ofEpochSecond(Long.MAX_VALUE);
        });
        emitter.item("series[2]", () -> emitter.emit("series[2]", eightHours().toRecord(CONTEXT, SleepSource.OTHER)));

        assertThat(sink.problems)
                .containsExactly(new Problem(
                        "series[1]", null, "holds a time or duration outside the range a sleep record can have"));
        assertThat(sink.records).hasSize(1);
    }

    @Test
    void aBadItemBecomesAProblemWithItsFieldAndReason() {
        emitter.item("data[4]", () -> {
            throw new BadItem("type", "must be one of a, b");
        });

        assertThat(sink.problems).containsExactly(new Problem("data[4]", "type", "must be one of a, b"));
    }
}
