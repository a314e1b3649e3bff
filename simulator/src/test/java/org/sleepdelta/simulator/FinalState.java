package org.sleepdelta.simulator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.SleepRecord;

/** What a consumer holds after applying every event in order: later versions replace, deletions remove. */
final class FinalState {
    final Map<String, SleepRecord> sleep = new LinkedHashMap<>();
    final Map<String, MassageSession> sessions = new LinkedHashMap<>();

    static FinalState of(Collection<SimulatedEvent> events) {
        FinalState s = new FinalState();
        for (SimulatedEvent e : events) {
            if (e.isSleepRecord()) {
                SleepRecord r = e.sleepRecord();
                if (r.getDeleted()) {
                    s.sleep.remove(identity(r));
                } else {
                    s.sleep.put(identity(r), r);
                }
            } else {
                MassageSession m = e.massageSession();
                s.sessions.put(identity(m), m);
            }
        }
        return s;
    }

    static String identity(SleepRecord r) {
        return r.getClinicId() + "|" + r.getClientId() + "|" + r.getSource() + "|" + r.getSourceRecordId();
    }

    static String identity(MassageSession m) {
        return m.getClinicId() + "|" + m.getClientId() + "|" + m.getSessionId();
    }

    List<SleepRecord> sleepRecords() {
        return new ArrayList<>(sleep.values());
    }
}
