package org.sleepdelta.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.schemas.CanonicalRecord;
import org.sleepdelta.schemas.SampleRecords;

class SimulatedEventTest {
    private static final Instant ARRIVAL = Instant.parse("2026-03-10T12:00:00Z");
    private static final MassageSession SESSION = SampleRecords.session().build();

    @Test
    void aSessionEventCarriesItsSessionAsACanonicalRecord() {
        SimulatedEvent event = SimulatedEvent.session(ARRIVAL, EventKind.SESSION, SESSION);

        assertThat(event.record()).isEqualTo(CanonicalRecord.of(SESSION));
        assertThat(event.isSleepRecord()).isFalse();
        assertThat(event.massageSession()).isEqualTo(SESSION);
        assertThatThrownBy(event::sleepRecord).hasMessage("not a sleep record event: SESSION");
    }

    @Test
    void theKindMustAgreeWithTheRecordsType() {
        assertThatThrownBy(() -> new SimulatedEvent(ARRIVAL, EventKind.SLEEP_RECORD, CanonicalRecord.of(SESSION)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SLEEP_RECORD needs a SleepRecord record");
    }
}
