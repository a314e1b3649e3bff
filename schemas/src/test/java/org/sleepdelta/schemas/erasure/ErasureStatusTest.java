package org.sleepdelta.schemas.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sleepdelta.schemas.ClientKey;

class ErasureStatusTest {
    private static final Instant AT = Instant.parse("2026-12-06T10:15:30Z");
    private static final ErasureRequest ERASE =
            ErasureRequest.of(new ClientKey("clinic-a", "c-17"), ErasureAction.ERASE, AT, "key:dpo");

    @Test
    void anEraseIsInProgressUntilEveryStageIsReported() {
        List<ErasureEvent> events = List.of(
                ErasureEvent.of(ERASE, ErasureStage.REQUESTED, AT, "key:dpo", "request accepted"),
                ErasureEvent.of(ERASE, ErasureStage.KEYS_DESTROYED, AT, "ingest", "2 data keys"));

        ErasureStatus status =
                ErasureStatus.of(ERASE.erasureId(), "clinic-a", events).orElseThrow();

        assertThat(status.state()).isEqualTo(ErasureStatus.State.IN_PROGRESS);
        assertThat(status.missing())
                .containsExactlyInAnyOrder(ErasureStage.STREAMS_STATE_ERASED, ErasureStage.SINK_ROWS_DELETED);
        assertThat(status.requestedBy()).isEqualTo("key:dpo");
        assertThat(status.toJson().get("missing").toString())
                .isEqualTo("[\"STREAMS_STATE_ERASED\",\"SINK_ROWS_DELETED\"]");
    }

    @Test
    void anEraseIsCompleteWithEveryStageEvenWhenOneIsReportedTwice() {
        List<ErasureEvent> events = List.of(
                ErasureEvent.of(ERASE, ErasureStage.REQUESTED, AT, "key:dpo", "request accepted"),
                ErasureEvent.of(ERASE, ErasureStage.KEYS_DESTROYED, AT, "ingest", "0 data keys"),
                ErasureEvent.of(ERASE, ErasureStage.SINK_ROWS_DELETED, AT.plusSeconds(2), "sink", "4 rows"),
                ErasureEvent.of(ERASE, ErasureStage.STREAMS_STATE_ERASED, AT.plusSeconds(1), "streams", "3 entries"),
                ErasureEvent.of(ERASE, ErasureStage.SINK_ROWS_DELETED, AT.plusSeconds(9), "sink", "0 rows"));

        ErasureStatus status =
                ErasureStatus.of(ERASE.erasureId(), "clinic-a", events).orElseThrow();

        assertThat(status.state()).isEqualTo(ErasureStatus.State.COMPLETE);
        assertThat(status.completed())
                .extracting(ErasureStatus.Completed::stage)
                .containsExactly(ErasureStage.values());
        assertThat(status.completed().get(3).at()).isEqualTo(AT.plusSeconds(2));
    }

    @Test
    void aReregistrationNeedsOnlyItsOwnStages() {
        ErasureRequest reregister =
                ErasureRequest.of(new ClientKey("clinic-a", "c-17"), ErasureAction.REREGISTER, AT, "cli:ops");
        List<ErasureEvent> events = List.of(
                ErasureEvent.of(reregister, ErasureStage.REQUESTED, AT, "cli:ops", "request accepted"),
                ErasureEvent.of(reregister, ErasureStage.STREAMS_STATE_ERASED, AT, "streams", "deny list updated"));

        assertThat(ErasureStatus.of(reregister.erasureId(), null, events)
                        .orElseThrow()
                        .state())
                .isEqualTo(ErasureStatus.State.COMPLETE);
    }

    @Test
    void anErasureOfAnotherClinicIsUnknown() {
        List<ErasureEvent> events =
                List.of(ErasureEvent.of(ERASE, ErasureStage.REQUESTED, AT, "key:dpo", "request accepted"));

        assertThat(ErasureStatus.of(ERASE.erasureId(), "clinic-b", events)).isEmpty();
        assertThat(ErasureStatus.of("no-such-id", "clinic-a", events)).isEmpty();
    }
}
