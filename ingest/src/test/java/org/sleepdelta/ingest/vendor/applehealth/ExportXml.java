package org.sleepdelta.ingest.vendor.applehealth;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Builds small export.xml documents in Apple's shape, record by record, in whatever order a test needs. */
final class ExportXml {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final String WATCH = "Anna’s Apple Watch";
    static final String WATCH_DEVICE = "&lt;&lt;HKDevice: 0x283d1c5a0&gt;, name:Apple Watch, manufacturer:Apple Inc., "
            + "model:Watch, hardware:Watch7,2, software:12.1&gt;";
    static final String PHONE = "Anna’s iPhone";
    static final String PHONE_DEVICE = "&lt;&lt;HKDevice: 0x2801b7c00&gt;, name:iPhone, manufacturer:Apple Inc., "
            + "model:iPhone, hardware:iPhone16,1, software:19.3&gt;";
    static final String PREFIX = "HKCategoryValueSleepAnalysis";
    private static final DateTimeFormatter APPLE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z", Locale.ROOT);

    private final List<String> records = new ArrayList<>();

    static String date(LocalDateTime local) {
        return APPLE.format(local.atZone(BERLIN));
    }

    ExportXml sleep(String source, String device, LocalDateTime start, LocalDateTime end, String value) {
        records.add(" <Record type=\"HKCategoryTypeIdentifierSleepAnalysis\" sourceName=\"" + source + "\""
                + (device == null ? "" : " device=\"" + device + "\"")
                + " startDate=\"" + date(start) + "\" endDate=\"" + date(end) + "\" value=\"" + PREFIX + value
                + "\"/>");
        return this;
    }

    ExportXml restingHeartRate(String source, LocalDate day, int bpm) {
        records.add(" <Record type=\"HKQuantityTypeIdentifierRestingHeartRate\" sourceName=\"" + source
                + "\" unit=\"count/min\" startDate=\"" + date(day.atTime(0, 5)) + "\" endDate=\""
                + date(day.atTime(23, 55)) + "\" value=\"" + bpm + "\"/>");
        return this;
    }

    /**
     * The Watch's night from {@code night} 23:00 to 07:00 local: Awake 10, Core 110, Deep 60, Core 120, REM 60,
     * Core 110, Awake 10 minutes: asleep 460, deep 60, REM 60, light 340.
     */
    ExportXml watchNight(LocalDate night) {
        LocalDateTime t = night.atTime(23, 0);
        String[] values = {"Awake", "AsleepCore", "AsleepDeep", "AsleepCore", "AsleepREM", "AsleepCore", "Awake"};
        int[] minutes = {10, 110, 60, 120, 60, 110, 10};
        for (int i = 0; i < values.length; i++) {
            sleep(WATCH, WATCH_DEVICE, t, t.plusMinutes(minutes[i]), values[i]);
            t = t.plusMinutes(minutes[i]);
        }
        return this;
    }

    /** The iPhone's night: InBed 22:45-07:15, Asleep 23:15-06:45 local (450 min asleep, no stages). */
    ExportXml phoneNight(LocalDate night) {
        sleep(PHONE, PHONE_DEVICE, night.atTime(22, 45), night.plusDays(1).atTime(7, 15), "InBed");
        return sleep(
                PHONE, PHONE_DEVICE, night.atTime(23, 15), night.plusDays(1).atTime(6, 45), "AsleepUnspecified");
    }

    /** The iPhone's afternoon nap on {@code night}: InBed 14:00-14:40, Asleep 14:05-14:35. */
    ExportXml phoneNap(LocalDate night) {
        sleep(PHONE, PHONE_DEVICE, night.atTime(14, 0), night.atTime(14, 40), "InBed");
        return sleep(PHONE, PHONE_DEVICE, night.atTime(14, 5), night.atTime(14, 35), "AsleepUnspecified");
    }

    ExportXml raw(String line) {
        records.add(line);
        return this;
    }

    List<String> records() {
        return records;
    }

    /** Line of the i-th record: the document has the XML declaration, a DTD line and the root before it. */
    static int lineOf(int recordIndex) {
        return recordIndex + 4;
    }

    byte[] bytes() {
        return document(records).getBytes(StandardCharsets.UTF_8);
    }

    static String document(List<String> records) {
        StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<!DOCTYPE HealthData [<!ELEMENT HealthData (ExportDate?,Me?,Record*)>]>\n")
                .append("<HealthData locale=\"en_GB\">\n");
        records.forEach(r -> out.append(r).append('\n'));
        return out.append("</HealthData>\n").toString();
    }
}
