package org.sleepdelta.simulator;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.sleepdelta.avro.Modality;

/**
 * Simple tallies of a simulation, for logs and sanity checks.
 *
 * @param events all events
 * @param clients clients in the cohort
 * @param clientsWithSecondDevice clients wearing a second device
 * @param mainSleepRecords first reports of main sleeps (both devices)
 * @param secondDeviceRecords of those, from second devices
 * @param missingNights (client, device, night) combinations with no record
 * @param napRecords naps
 * @param lateRecords first reports that arrived 1-5 days late
 * @param rescoredRecords re-scored versions
 * @param spuriousRecords bogus records (each later deleted)
 * @param deletions withdrawals
 * @param sessions booked sessions
 * @param completedSessions sessions whose final status is COMPLETED
 * @param cancelledSessions final status CANCELLED
 * @param noShowSessions final status NO_SHOW
 * @param sessionEvents session events, status changes included
 * @param completedSessionsByModality completed sessions per modality (every modality present, maybe 0)
 */
public record SimulationCounts(
        int events,
        int clients,
        int clientsWithSecondDevice,
        int mainSleepRecords,
        int secondDeviceRecords,
        int missingNights,
        int napRecords,
        int lateRecords,
        int rescoredRecords,
        int spuriousRecords,
        int deletions,
        int sessions,
        int completedSessions,
        int cancelledSessions,
        int noShowSessions,
        int sessionEvents,
        Map<Modality, Integer> completedSessionsByModality) {

    public SimulationCounts {
        completedSessionsByModality = Collections.unmodifiableMap(new EnumMap<>(completedSessionsByModality));
    }
}
