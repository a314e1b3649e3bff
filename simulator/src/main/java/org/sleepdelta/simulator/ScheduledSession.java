package org.sleepdelta.simulator;

import java.time.Instant;
import java.time.LocalDate;
import org.sleepdelta.avro.Modality;
import org.sleepdelta.avro.Pressure;
import org.sleepdelta.avro.SessionStatus;

/**
 * One booked massage session as it finally happened: its final date and start (moved, for a client who books
 * after its worst week, see {@link HardCases#bookAfterWorstWeek()}), which is what is emitted, and its final status.
 *
 * @param sessionId id, unique within the client
 * @param course 0-based index of the client's course this session belongs to
 * @param modality kind of massage (one per course)
 * @param firstNight N0: the local date of the session's start
 * @param start when the session began
 * @param durationMinutes length in minutes
 * @param therapistId therapist, or null for self-administered modalities
 * @param pressure pressure, or null when not recorded
 * @param finalStatus the status after any cancellation/no-show event
 */
public record ScheduledSession(
        String sessionId,
        int course,
        Modality modality,
        LocalDate firstNight,
        Instant start,
        int durationMinutes,
        String therapistId,
        Pressure pressure,
        SessionStatus finalStatus) {

    public Instant end() {
        return start.plusSeconds(durationMinutes * 60L);
    }

    public boolean completed() {
        return finalStatus == SessionStatus.COMPLETED;
    }
}
