package org.sleepdelta.simulator;

import java.util.List;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.SessionStatus;

/** Writes a client's sessions as events: the export at the slot's end, plus a status change if it fell through. */
final class SessionEventWriter {

    private SessionEventWriter() {}

    static void write(
            ClientProfile p,
            List<ScheduledSession> sessions,
            ArrivalPlanner arrivals,
            List<SimulatedEvent> out,
            Tally tally) {
        for (ScheduledSession s : sessions) {
            // Clinic systems export the booking as COMPLETED by default; cancellations come as a correction.
            SimulatedEvent reported = SimulatedEvent.session(
                    arrivals.sessionReported(s.end()), EventKind.SESSION, toAvro(p, s, SessionStatus.COMPLETED));
            out.add(reported);
            tally.sessions++;
            tally.sessionEvents++;
            switch (s.finalStatus()) {
                case COMPLETED:
                    tally.completedSessions++;
                    tally.completedByModality.merge(s.modality(), 1, Integer::sum);
                    break;
                case CANCELLED:
                    tally.cancelledSessions++;
                    break;
                default:
                    tally.noShowSessions++;
            }
            if (!s.completed()) {
                out.add(SimulatedEvent.session(
                        arrivals.statusChange(reported.arrival()),
                        EventKind.SESSION_STATUS_CHANGE,
                        toAvro(p, s, s.finalStatus())));
                tally.sessionEvents++;
            }
        }
    }

    static MassageSession toAvro(ClientProfile p, ScheduledSession s, SessionStatus status) {
        return MassageSession.newBuilder()
                .setClinicId(p.clinicId())
                .setClientId(p.clientId())
                .setSessionId(s.sessionId())
                .setModality(s.modality())
                .setStart(s.start())
                .setDurationMinutes(s.durationMinutes())
                .setTimezone(p.zone().getId())
                .setTherapistId(s.therapistId())
                .setPressure(s.pressure())
                .setStatus(status)
                .build();
    }
}
