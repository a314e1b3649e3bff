package org.sleepdelta.ingest.vendor.applehealth;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.SplittableRandom;

/**
 * Writes a realistic Apple Health export.xml of at least a given size, streamed to disk day by day. Per day, like a
 * Watch wearer's real export: heart rate every 5 minutes (with motion-context metadata), active energy every
 * 10 minutes, basal energy every 30, iPhone step counts, an activity summary, a workout every fourth day, HRV (SDNN)
 * samples with their per-beat lists, the day's resting heart rate, and the night's sleep from up to three sources
 * that overlap: the Watch with stages (except every 11th night, when it is charging), the iPhone's InBed + Asleep
 * every night, and AutoSleep's unstaged Asleep every third night; plus a Watch nap every seventh day.
 * Each day's records are written in time order by type, so the file is roughly but not strictly in time order.
 * Times are real (instant) arithmetic in Europe/Berlin, so records across a daylight-saving change are consistent.
 */
final class SyntheticExport {
    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    static final LocalDate FIRST_NIGHT = LocalDate.of(2014, 1, 1);

    private static final String WATCH = "Anna’s Apple Watch";
    private static final String WATCH_DEVICE =
            "&lt;&lt;HKDevice: 0x283d1c5a0&gt;, name:Apple Watch, manufacturer:Apple Inc., "
                    + "model:Watch, hardware:Watch7,2, software:12.1&gt;";
    private static final String PHONE = "Anna’s iPhone";
    private static final String PHONE_DEVICE =
            "&lt;&lt;HKDevice: 0x2801b7c00&gt;, name:iPhone, manufacturer:Apple Inc., "
                    + "model:iPhone, hardware:iPhone16,1, software:19.3&gt;";
    private static final String AUTOSLEEP = "AutoSleep";
    /** The Watch's night: minutes of each segment after lights-out. */
    private static final String[] STAGES = {
        "Awake",
        "AsleepCore",
        "AsleepDeep",
        "AsleepCore",
        "AsleepREM",
        "Awake",
        "AsleepCore",
        "AsleepDeep",
        "AsleepCore",
        "AsleepREM",
        "AsleepCore",
        "AsleepDeep",
        "AsleepCore",
        "AsleepREM",
        "Awake",
        "AsleepCore",
        "AsleepREM",
        "AsleepCore",
        "Awake"
    };

    private static final int[] STAGE_MINUTES = {8, 35, 40, 25, 20, 3, 40, 30, 30, 25, 45, 15, 30, 30, 4, 40, 35, 20, 6};

    /** What was written, and what the adapter must make of it. */
    record Summary(long bytes, int days, int nights, int naps) {
        int expectedRecords() {
            return nights + naps;
        }
    }

    private final Writer out;
    private final SplittableRandom random;
    private final StringBuilder line = new StringBuilder(512);

    private SyntheticExport(Writer out, long seed) {
        this.out = out;
        this.random = new SplittableRandom(seed);
    }

    /** Writes days until the file has at least {@code targetBytes}. */
    static Summary write(Path file, long targetBytes, long seed) throws IOException {
        try (OutputStream stream = Files.newOutputStream(file);
                CountingWriter counting = new CountingWriter(
                        new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16))) {
            SyntheticExport export = new SyntheticExport(counting, seed);
            export.header();
            int days = 0;
            int naps = 0;
            while (counting.chars < targetBytes) {
                naps += export.day(days) ? 1 : 0;
                days++;
            }
            counting.write("</HealthData>\n");
            counting.flush();
            return new Summary(Files.size(file), days, days, naps);
        }
    }

    /** @return whether the day had a nap that will be a record of its own */
    private boolean day(int index) throws IOException {
        LocalDate day = FIRST_NIGHT.plusDays(index);
        boolean watchWorn = index % 11 != 5;
        for (int minute = 2; minute < 24 * 60; minute += 5) {
            quantity(
                    "HKQuantityTypeIdentifierHeartRate",
                    WATCH,
                    WATCH_DEVICE,
                    "count/min",
                    day,
                    minute,
                    0,
                    Integer.toString(60 + random.nextInt(45)),
                    "HKMetadataKeyHeartRateMotionContext",
                    "0");
        }
        for (int minute = 7 * 60; minute < 23 * 60; minute += 30) {
            quantity(
                    "HKQuantityTypeIdentifierStepCount",
                    PHONE,
                    PHONE_DEVICE,
                    "count",
                    day,
                    minute,
                    12,
                    Integer.toString(random.nextInt(1500)),
                    null,
                    null);
        }
        for (int minute = 0; minute < 24 * 60; minute += 10) {
            quantity(
                    "HKQuantityTypeIdentifierActiveEnergyBurned",
                    WATCH,
                    WATCH_DEVICE,
                    "kcal",
                    day,
                    minute,
                    9,
                    Double.toString(random.nextInt(900) / 100.0),
                    null,
                    null);
        }
        for (int minute = 0; minute < 24 * 60; minute += 30) {
            quantity(
                    "HKQuantityTypeIdentifierBasalEnergyBurned",
                    WATCH,
                    WATCH_DEVICE,
                    "kcal",
                    day,
                    minute,
                    29,
                    Double.toString(30 + random.nextInt(500) / 100.0),
                    null,
                    null);
        }
        if (index % 4 == 0) {
            workout(day);
        }
        boolean nap = watchWorn && index % 7 == 3;
        if (nap) {
            sleep(WATCH, WATCH_DEVICE, at(day, 14, 10), at(day, 14, 30), "AsleepCore");
            sleep(WATCH, WATCH_DEVICE, at(day, 14, 30), at(day, 14, 45), "AsleepREM");
        }
        ZonedDateTime lightsOut = at(day, 23, 0).plusMinutes(10L * (index % 4));
        ZonedDateTime t = lightsOut;
        if (watchWorn) {
            for (int i = 0; i < STAGES.length; i++) {
                sleep(WATCH, WATCH_DEVICE, t, t.plusMinutes(STAGE_MINUTES[i]), STAGES[i]);
                t = t.plusMinutes(STAGE_MINUTES[i]);
            }
        } else {
            t = lightsOut.plusMinutes(490);
        }
        sleep(PHONE, PHONE_DEVICE, lightsOut.minusMinutes(15), t.plusMinutes(10), "InBed");
        sleep(PHONE, PHONE_DEVICE, lightsOut.plusMinutes(20), t.minusMinutes(10), "AsleepUnspecified");
        if (index % 3 == 0) {
            sleep(AUTOSLEEP, WATCH_DEVICE, lightsOut.plusMinutes(10), t.minusMinutes(5), "AsleepUnspecified");
        }
        if (watchWorn) {
            for (int sample = 0; sample < 3; sample++) {
                hrv(lightsOut.plusMinutes(60 + 120L * sample));
            }
        }
        quantity(
                "HKQuantityTypeIdentifierRestingHeartRate",
                WATCH,
                WATCH_DEVICE,
                "count/min",
                day,
                5,
                23 * 60 + 50,
                Integer.toString(48 + random.nextInt(12)),
                null,
                null);
        activitySummary(day);
        return nap;
    }

    private void header() throws IOException {
        out.write(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE HealthData [\n<!-- HealthKit Export Version: 14 -->\n"
                        + "<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary|ClinicalRecord|Audiogram|VisionPrescription)*)>\n"
                        + "<!ATTLIST HealthData\n  locale CDATA #REQUIRED\n>\n<!ELEMENT ExportDate EMPTY>\n<!ATTLIST ExportDate\n  value CDATA #REQUIRED\n>\n"
                        + "<!ELEMENT Me EMPTY>\n<!ATTLIST Me\n  HKCharacteristicTypeIdentifierDateOfBirth CDATA #REQUIRED\n"
                        + "  HKCharacteristicTypeIdentifierBiologicalSex CDATA #REQUIRED\n>\n"
                        + "<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>\n"
                        + "<!ATTLIST Record\n  type CDATA #REQUIRED\n  unit CDATA #IMPLIED\n  value CDATA #IMPLIED\n  sourceName CDATA #REQUIRED\n"
                        + "  sourceVersion CDATA #IMPLIED\n  device CDATA #IMPLIED\n  creationDate CDATA #IMPLIED\n  startDate CDATA #REQUIRED\n"
                        + "  endDate CDATA #REQUIRED\n>\n<!ELEMENT MetadataEntry EMPTY>\n<!ATTLIST MetadataEntry\n  key CDATA #REQUIRED\n  value CDATA #REQUIRED\n>\n"
                        + "<!ELEMENT HeartRateVariabilityMetadataList (InstantaneousBeatsPerMinute*)>\n<!ELEMENT InstantaneousBeatsPerMinute EMPTY>\n"
                        + "<!ATTLIST InstantaneousBeatsPerMinute\n  bpm CDATA #REQUIRED\n  time CDATA #REQUIRED\n>\n]>\n"
                        + "<HealthData locale=\"en_GB\">\n <ExportDate value=\"2099-01-01 09:00:00 +0100\"/>\n"
                        + " <Me HKCharacteristicTypeIdentifierDateOfBirth=\"\" HKCharacteristicTypeIdentifierBiologicalSex=\"HKBiologicalSexNotSet\"/>\n");
    }

    private void quantity(
            String type,
            String source,
            String device,
            String unit,
            LocalDate day,
            int minute,
            int lengthMinutes,
            String value,
            String metadataKey,
            String metadataValue)
            throws IOException {
        ZonedDateTime start = day.atStartOfDay(ZONE).plusMinutes(minute).plusSeconds(random.nextInt(50));
        record(type, source, device, unit, start, start.plusMinutes(lengthMinutes), value);
        if (metadataKey == null) {
            out.write("/>\n");
        } else {
            out.write(
                    ">\n  <MetadataEntry key=\"" + metadataKey + "\" value=\"" + metadataValue + "\"/>\n </Record>\n");
        }
    }

    private void sleep(String source, String device, ZonedDateTime start, ZonedDateTime end, String value)
            throws IOException {
        record(
                "HKCategoryTypeIdentifierSleepAnalysis",
                source,
                device,
                null,
                start,
                end,
                "HKCategoryValueSleepAnalysis" + value);
        out.write("/>\n");
    }

    private void hrv(ZonedDateTime start) throws IOException {
        record(
                "HKQuantityTypeIdentifierHeartRateVariabilitySDNN",
                WATCH,
                WATCH_DEVICE,
                "ms",
                start,
                start.plusMinutes(1),
                Double.toString(25 + random.nextInt(4000) / 100.0));
        out.write(">\n  <HeartRateVariabilityMetadataList>\n");
        for (int beat = 0; beat < 50; beat++) {
            out.write("   <InstantaneousBeatsPerMinute bpm=\"" + (50 + random.nextInt(15)) + "\" time=\""
                    + (start.getHour() % 12 == 0 ? 12 : start.getHour() % 12) + ":" + two(start.getMinute()) + ":"
                    + two(beat % 60) + "." + two(random.nextInt(100)) + (start.getHour() < 12 ? " AM" : " PM")
                    + "\"/>\n");
        }
        out.write("  </HeartRateVariabilityMetadataList>\n </Record>\n");
    }

    private void workout(LocalDate day) throws IOException {
        ZonedDateTime start = at(day, 18, 0);
        out.write(
                " <Workout workoutActivityType=\"HKWorkoutActivityTypeWalking\" duration=\"31.2\" durationUnit=\"min\" "
                        + "sourceName=\"" + WATCH + "\" sourceVersion=\"12.1\" creationDate=\""
                        + date(start.plusMinutes(32))
                        + "\" startDate=\"" + date(start) + "\" endDate=\"" + date(start.plusMinutes(31)) + "\">\n"
                        + "  <MetadataEntry key=\"HKTimeZone\" value=\"Europe/Berlin\"/>\n"
                        + "  <WorkoutStatistics type=\"HKQuantityTypeIdentifierHeartRate\" startDate=\"" + date(start)
                        + "\" endDate=\"" + date(start.plusMinutes(31))
                        + "\" average=\"104\" minimum=\"88\" maximum=\"121\" unit=\"count/min\"/>\n"
                        + " </Workout>\n");
    }

    private void activitySummary(LocalDate day) throws IOException {
        out.write(" <ActivitySummary dateComponents=\"" + day + "\" activeEnergyBurned=\"" + random.nextInt(900)
                + "\" activeEnergyBurnedGoal=\"600\" activeEnergyBurnedUnit=\"kcal\" appleMoveTime=\"0\" appleMoveTimeGoal=\"0\" "
                + "appleExerciseTime=\"" + random.nextInt(90) + "\" appleExerciseTimeGoal=\"30\" appleStandHours=\""
                + random.nextInt(16) + "\" appleStandHoursGoal=\"12\"/>\n");
    }

    private void record(
            String type,
            String source,
            String device,
            String unit,
            ZonedDateTime start,
            ZonedDateTime end,
            String value)
            throws IOException {
        line.setLength(0);
        line.append(" <Record type=\"")
                .append(type)
                .append("\" sourceName=\"")
                .append(source)
                .append("\" sourceVersion=\"12.1\"");
        if (device != null) {
            line.append(" device=\"").append(device).append('"');
        }
        if (unit != null) {
            line.append(" unit=\"").append(unit).append('"');
        }
        line.append(" creationDate=\"");
        appendDate(end.plusSeconds(37));
        line.append("\" startDate=\"");
        appendDate(start);
        line.append("\" endDate=\"");
        appendDate(end);
        line.append("\" value=\"").append(value).append('"');
        out.append(line);
    }

    private String date(ZonedDateTime local) {
        line.setLength(0);
        appendDate(local);
        return line.toString();
    }

    /** Local time on a day; a time in the spring-forward gap moves on by the gap, as a clock would. */
    private static ZonedDateTime at(LocalDate day, int hour, int minute) {
        return day.atTime(hour, minute).atZone(ZONE);
    }

    /** {@code yyyy-MM-dd HH:mm:ss Z} (fast: no formatter). All arithmetic is on real time, so dates never go back. */
    private void appendDate(ZonedDateTime local) {
        ZoneOffset offset = local.getOffset();
        line.append(local.getYear())
                .append('-')
                .append(two(local.getMonthValue()))
                .append('-')
                .append(two(local.getDayOfMonth()))
                .append(' ')
                .append(two(local.getHour()))
                .append(':')
                .append(two(local.getMinute()))
                .append(':')
                .append(two(local.getSecond()))
                .append(' ');
        int seconds = offset.getTotalSeconds();
        line.append(seconds < 0 ? '-' : '+')
                .append(two(Math.abs(seconds) / 3600))
                .append(two(Math.abs(seconds) % 3600 / 60));
    }

    private static String two(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }

    /** Counts what goes through, so the generator knows when the file is big enough. */
    private static final class CountingWriter extends Writer {
        private final Writer delegate;
        private long chars;

        CountingWriter(Writer delegate) {
            this.delegate = delegate;
        }

        @Override
        public void write(char[] buffer, int offset, int length) throws IOException {
            chars += length;
            delegate.write(buffer, offset, length);
        }

        @Override
        public void write(String text) throws IOException {
            chars += text.length();
            delegate.write(text);
        }

        @Override
        public Writer append(CharSequence text) throws IOException {
            chars += text.length();
            delegate.append(text);
            return this;
        }

        @Override
        public void flush() throws IOException {
            delegate.flush();
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }
    }
}
