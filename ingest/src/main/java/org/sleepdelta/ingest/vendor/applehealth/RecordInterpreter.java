package org.sleepdelta.ingest.vendor.applehealth;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Set;
import org.sleepdelta.ingest.vendor.support.ValidatingEmitter;

/**
 * Checks each record of a type we read and passes it on: sleep-analysis records as segments to the
 * {@link NightAssembler}, resting heart rates to {@link NightRecords}. A record that cannot be read is reported by
 * line and attribute (never by value) and skipped; the rest of the file goes on.
 * <p>
 * {@code HKQuantityTypeIdentifierHeartRateVariabilitySDNN} is deliberately not read: Apple's HRV is SDNN, the
 * contract's is RMSSD, and the two are not interchangeable, so Apple Health records carry no HRV.
 */
final class RecordInterpreter implements ExportReader.Listener {
    static final String SLEEP_ANALYSIS = "HKCategoryTypeIdentifierSleepAnalysis";
    static final String RESTING_HEART_RATE = "HKQuantityTypeIdentifierRestingHeartRate";
    static final Set<String> TYPES = Set.of(SLEEP_ANALYSIS, RESTING_HEART_RATE);

    /** Clock skew allowed between a record and the export's own date. */
    private static final Duration AFTER_EXPORT_TOLERANCE = Duration.ofDays(1);

    private final ZoneId zone;
    private final NightAssembler nights;
    private final NightRecords records;
    private final ValidatingEmitter out;
    private Instant exportedAt;

    RecordInterpreter(ZoneId zone, NightAssembler nights, NightRecords records, ValidatingEmitter out) {
        this.zone = zone;
        this.nights = nights;
        this.records = records;
        this.out = out;
    }

    @Override
    public void exportDate(String value) {
        exportedAt = AppleDates.parse(value);
    }

    @Override
    public void record(AppleRecord r) {
        if (SLEEP_ANALYSIS.equals(r.type())) {
            sleep(r);
        } else if (RESTING_HEART_RATE.equals(r.type())) {
            restingHeartRate(r);
        }
    }

    private void sleep(AppleRecord r) {
        String at = "line " + r.line();
        if (r.sourceName() == null || r.sourceName().isBlank()) {
            out.problem(at, "sourceName", "is required");
            return;
        }
        Instant start = AppleDates.parse(r.startDate());
        if (start == null) {
            out.problem(at, "startDate", AppleDates.EXPECTED);
            return;
        }
        Instant end = AppleDates.parse(r.endDate());
        if (end == null) {
            out.problem(at, "endDate", AppleDates.EXPECTED);
            return;
        }
        if (end.isBefore(start)) {
            out.problem(at, "endDate", "must not be before startDate");
            return;
        }
        if (exportedAt != null && start.isAfter(exportedAt.plus(AFTER_EXPORT_TOLERANCE))) {
            out.problem(at, "startDate", "is after the export's own date");
            return;
        }
        SleepValue value = SleepValue.of(r.value());
        if (value == null) {
            out.problem(
                    at,
                    "value",
                    "must be an HKCategoryValueSleepAnalysis value (InBed, Asleep, AsleepUnspecified, "
                            + "Awake, AsleepCore, AsleepDeep or AsleepREM)");
            return;
        }
        if (!nights.add(r.sourceName(), new Segment(start, end, value, isWatch(r)))) {
            out.problem(
                    at,
                    "startDate",
                    "arrived more than " + SourceClusters.SETTLE.toHours()
                            + " h behind later sleep data of the same source, after its night was closed; not imported");
        }
    }

    private void restingHeartRate(AppleRecord r) {
        String at = "line " + r.line();
        if (r.sourceName() == null || r.sourceName().isBlank()) {
            out.problem(at, "sourceName", "is required");
            return;
        }
        Instant start = AppleDates.parse(r.startDate());
        if (start == null) {
            out.problem(at, "startDate", AppleDates.EXPECTED);
            return;
        }
        if (!"count/min".equals(r.unit())) {
            out.problem(at, "unit", "must be count/min");
            return;
        }
        double bpm;
        try {
            bpm = Double.parseDouble(r.value());
        } catch (NumberFormatException | NullPointerException e) {
            out.problem(at, "value", "must be a number");
            return;
        }
        if (!(bpm >= 20 && bpm <= 250)) {
            out.problem(at, "value", "must be a resting heart rate from 20 to 250 count/min");
            return;
        }
        records.restingHeartRate(start.atZone(zone).toLocalDate(), r.sourceName(), bpm);
    }

    private static boolean isWatch(AppleRecord r) {
        String device = r.device();
        return device != null
                ? device.contains("model:Watch") || device.contains("name:Apple Watch")
                : r.sourceName().contains("Apple Watch");
    }
}
