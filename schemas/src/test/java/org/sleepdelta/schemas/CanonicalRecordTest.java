package org.sleepdelta.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.schemas.codec.Codecs;
import org.sleepdelta.schemas.validation.Violation;

class CanonicalRecordTest {
    private static final SleepRecord NIGHT = SampleRecords.night().build();
    private static final MassageSession SESSION =
            SampleRecords.session().setClinicId("clinic-b").setClientId("c2").build();

    @Test
    void aSleepRecordIsItsClientsAndHappensWhenItEnds() {
        CanonicalRecord sleep = CanonicalRecord.of(NIGHT);

        assertThat(sleep.clientKey()).isEqualTo(new ClientKey("clinic-a", "c1"));
        assertThat(sleep.eventTime()).contains(Instant.parse("2026-03-10T06:00:00Z"));
        assertThat(sleep.toJson().get("sourceRecordId").textValue()).isEqualTo("r1");
        assertThat(Codecs.sleepRecord().decode(sleep.encode())).isEqualTo(NIGHT);
        assertThat(sleep.contractViolations()).isEmpty();
        String folded = sleep.fold(r -> "sleep " + r.getSourceRecordId(), s -> "session");
        assertThat(folded).isEqualTo("sleep r1");
    }

    @Test
    void aSessionIsItsClientsAndHappensWhenItStarts() {
        CanonicalRecord session = CanonicalRecord.of(SESSION);

        assertThat(session.clientKey()).isEqualTo(new ClientKey("clinic-b", "c2"));
        assertThat(session.eventTime()).contains(Instant.parse("2026-03-09T17:00:00Z"));
        assertThat(session.toJson().get("sessionId").textValue()).isEqualTo("s1");
        assertThat(Codecs.massageSession().decode(session.encode())).isEqualTo(SESSION);
        String folded = session.fold(r -> "sleep", s -> "session " + s.getSessionId());
        assertThat(folded).isEqualTo("session s1");
    }

    @Test
    void aDeletionHasNoEventTime() {
        SleepRecord deletion = SampleRecords.deletionOfNight().build();

        assertThat(CanonicalRecord.of(deletion).eventTime()).isEmpty();
    }

    @Test
    void contractViolationsAreTheContractValidatorsNamingTheField() {
        SleepRecord backwards =
                SleepRecord.newBuilder(NIGHT).setSleepEnd(NIGHT.getSleepStart()).build();

        assertThat(CanonicalRecord.of(backwards).contractViolations())
                .extracting(Violation::field)
                .contains("sleepEnd");
    }

    @Test
    void aMissingValueIsRefusedByName() {
        assertThatThrownBy(() -> new CanonicalRecord.Sleep(null)).hasMessage("record");
        assertThatThrownBy(() -> new CanonicalRecord.Session(null)).hasMessage("session");
    }
}
