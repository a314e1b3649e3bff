package org.sleepdelta.metric;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.Modality;

/** A completed session, as the metric sees it. */
public record SessionFacts(String sessionId, Modality modality, Instant start, int durationMinutes, ZoneId zone) {

    /** A client's sessions in the order the course rule walks them; the id breaks ties of equal starts. */
    public static final Comparator<SessionFacts> BY_START =
            Comparator.comparing(SessionFacts::start).thenComparing(SessionFacts::sessionId);

    public static SessionFacts of(MassageSession s) {
        return new SessionFacts(
                s.getSessionId(), s.getModality(), s.getStart(), s.getDurationMinutes(), ZoneId.of(s.getTimezone()));
    }

    /** N0: the local date of the session's start. */
    public LocalDate firstNight() {
        return start.atZone(zone).toLocalDate();
    }

    public Instant end() {
        return start.plusSeconds(60L * durationMinutes);
    }
}
