package org.sleepdelta.simulator;

import java.util.EnumMap;
import org.sleepdelta.avro.Modality;

/** Mutable counters filled while generating; frozen into {@link SimulationCounts} at the end. */
final class Tally {
    int clients;
    int clientsWithSecondDevice;
    int mainSleepRecords;
    int secondDeviceRecords;
    int missingNights;
    int napRecords;
    int lateRecords;
    int rescoredRecords;
    int spuriousRecords;
    int deletions;
    int sessions;
    int completedSessions;
    int cancelledSessions;
    int noShowSessions;
    int sessionEvents;
    final EnumMap<Modality, Integer> completedByModality = new EnumMap<>(Modality.class);

    Tally() {
        for (Modality m : Modality.values()) {
            completedByModality.put(m, 0);
        }
    }

    SimulationCounts freeze(int events) {
        return new SimulationCounts(
                events,
                clients,
                clientsWithSecondDevice,
                mainSleepRecords,
                secondDeviceRecords,
                missingNights,
                napRecords,
                lateRecords,
                rescoredRecords,
                spuriousRecords,
                deletions,
                sessions,
                completedSessions,
                cancelledSessions,
                noShowSessions,
                sessionEvents,
                completedByModality);
    }
}
