package org.sleepdelta.cli.demo;

import java.time.LocalDate;
import org.sleepdelta.avro.MetricWindow;
import org.sleepdelta.avro.Modality;

/**
 * One {@code sleep_change} row as the demo's summary uses it: the window's identity and dates, and the total-sleep
 * and latency columns the Cohort dashboard aggregates.
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
        Double latencyDelta) {}
