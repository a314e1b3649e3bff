package org.sleepdelta.streams;

import java.util.ArrayList;
import java.util.List;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.SleepRecord;

/**
 * Several {@link RandomScenario}s merged into one input, each under its own clinic prefix so they stay distinct
 * clients, in an arrival order that keeps each record's revisions in order.
 */
public record TopologyInputs(
        String clinicPrefix, List<Object> arrivals, List<SleepRecord> sleepRecords, List<MassageSession> sessions) {

    public static TopologyInputs randomClients(long seed, int scenarios) {
        String prefix = "it" + seed + "-";
        List<Object> arrivals = new ArrayList<>();
        List<SleepRecord> sleep = new ArrayList<>();
        List<MassageSession> sessions = new ArrayList<>();
        for (int i = 0; i < scenarios; i++) {
            String clinicPrefix = prefix + i + "-";
            for (Object input : new RandomScenario(seed * 1000 + i).arrivals) {
                if (input instanceof SleepRecord r) {
                    SleepRecord renamed = SleepRecord.newBuilder(r)
                            .setClinicId(clinicPrefix + r.getClinicId())
                            .build();
                    arrivals.add(renamed);
                    sleep.add(renamed);
                } else {
                    MassageSession s = (MassageSession) input;
                    MassageSession renamed = MassageSession.newBuilder(s)
                            .setClinicId(clinicPrefix + s.getClinicId())
                            .build();
                    arrivals.add(renamed);
                    sessions.add(renamed);
                }
            }
        }
        return new TopologyInputs(prefix, arrivals, sleep, sessions);
    }
}
