package org.sleepdelta.cli.demo;

import java.time.LocalDate;
import org.sleepdelta.avro.MetricWindow;
import org.sleepdelta.avro.Modality;

/**
 * One {@code sleep_change} row as the demo's summary uses it: the window's identity and dates, and the total-sleep
 * and latency columns the Cohort dashboard aggregates.
 *
 * @param totalSleepMeaningful as the row says: under definition 1 the threshold alone, under 2 also reliable
 * @param totalSleepMeetsThreshold the threshold alone, whatever the definition (the sink fills it for definition 1)
 * @param definitionVersion the metric definition that computed the row (1 before intervals, 2 since)
 */
public record SessionChange(
        String clinicId,
        String clientId,
        Modality modality,
        MetricWindow window,
        LocalDate windowStart,
        LocalDate windowEnd,
        LocalDate baselineStart,
        LocalDate baselineEnd,
        Double totalSleepDelta,
        Boolean totalSleepMeaningful,
        Double latencyDelta,
        Double totalSleepCiLow,
        Double totalSleepCiHigh,
        Boolean totalSleepMeetsThreshold,
        Double totalSleepAdjustedDelta,
        int definitionVersion) {

    /** Meaningful under definition 2 (reliable and over the threshold); null when not judged so. */
    public Boolean totalSleepMeaningfulV2() {
        return definitionVersion >= 2 ? totalSleepMeaningful : null;
    }
}
