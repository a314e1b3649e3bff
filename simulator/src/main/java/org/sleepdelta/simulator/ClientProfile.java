package org.sleepdelta.simulator;

import java.time.ZoneId;
import org.sleepdelta.avro.SleepSource;

/**
 * One simulated client's fixed traits: where they are, what they wear, and their personal sleep baseline.
 * Noise-free means; nightly values scatter around them.
 *
 * @param index 0-based position in the cohort (drives the random streams)
 * @param clientId pseudonymous id, never a name
 * @param clinic the client's clinic (and so their timezone)
 * @param primarySource the device/app that records (almost) every night
 * @param secondarySource a second device recording the same nights, or null
 * @param bedtimeMinutes mean lights-out as minutes after midnight starting the night's date (1320 = 22:00)
 * @param bedtimeJitterMinutes SD of night-to-night bedtime variation
 * @param weekendDelayMinutes how much later lights-out is on Friday and Saturday nights
 * @param totalSleepMean mean total sleep time, minutes
 * @param totalSleepSd SD of total sleep time, minutes
 * @param totalSleepAutocorrelation lag-1 autocorrelation of total sleep time (short nights cluster)
 * @param latencyMean mean sleep-onset latency, minutes
 * @param wasoMean mean wake after sleep onset, minutes
 * @param afterWakeMean mean time in bed after the final awakening, minutes
 * @param awakeningsMean mean number of awakenings
 * @param deepFraction mean share of total sleep in deep sleep
 * @param remFraction mean share of total sleep in REM
 * @param restingHeartRateMean mean resting heart rate, bpm
 * @param hrvRmssdMean mean RMSSD, ms
 * @param secondaryTotalSleepBias how much the second device over- or under-reads total sleep, minutes
 */
record ClientProfile(
        int index,
        String clientId,
        Clinic clinic,
        SleepSource primarySource,
        SleepSource secondarySource,
        int bedtimeMinutes,
        double bedtimeJitterMinutes,
        int weekendDelayMinutes,
        double totalSleepMean,
        double totalSleepSd,
        double totalSleepAutocorrelation,
        double latencyMean,
        double wasoMean,
        double afterWakeMean,
        double awakeningsMean,
        double deepFraction,
        double remFraction,
        double restingHeartRateMean,
        double hrvRmssdMean,
        double secondaryTotalSleepBias) {

    String clinicId() {
        return clinic.id();
    }

    ZoneId zone() {
        return clinic.zone();
    }
}
