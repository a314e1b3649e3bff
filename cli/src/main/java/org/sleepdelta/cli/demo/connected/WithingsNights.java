package org.sleepdelta.cli.demo.connected;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneId;
import org.sleepdelta.avro.SleepRecord;

/**
 * A simulated night as Withings' {@code v2/sleep?action=getsummary} returns it: one {@code series} item, durations in
 * seconds. The demo puts these into the Withings fake, and the connection pulls them back through the same adapter an
 * upload goes through, so what the simulator measured is what the pipeline gets.
 */
final class WithingsNights {
    private WithingsNights() {}

    /**
     * The item of one simulated record.
     *
     * @param revision the item's {@code modified} (epoch seconds): a re-scored night gets a later one
     */
    static ObjectNode item(SleepRecord record, long revision) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode item = json.objectNode();
        item.put("id", numericId(record.getSourceRecordId()));
        item.put("timezone", record.getTimezone());
        Instant start = record.getSleepStart();
        Instant end = record.getSleepEnd();
        item.put("startdate", start.getEpochSecond());
        item.put("enddate", end.getEpochSecond());
        item.put(
                "date",
                end.atZone(ZoneId.of(record.getTimezone())).toLocalDate().toString());
        item.put("modified", revision);
        item.put("model", 32); // Sleep Analyzer
        ObjectNode data = item.putObject("data");
        data.put("total_sleep_time", seconds(record.getTotalSleepMinutes()));
        putSeconds(data, "total_timeinbed", record.getTimeInBedMinutes());
        putSeconds(data, "sleep_latency", record.getSleepLatencyMinutes());
        putSeconds(data, "waso", record.getWasoMinutes());
        putSeconds(data, "deepsleepduration", record.getDeepMinutes());
        putSeconds(data, "lightsleepduration", record.getLightMinutes());
        putSeconds(data, "remsleepduration", record.getRemMinutes());
        if (record.getAwakenings() != null) {
            data.put("wakeupcount", record.getAwakenings());
        }
        if (record.getRestingHeartRateBpm() != null) {
            data.put("hr_min", Math.round(record.getRestingHeartRateBpm()));
        }
        return item;
    }

    /** Withings ids are numbers; the simulator writes them {@code wsl-<digits>}. */
    static long numericId(String sourceRecordId) {
        String digits = sourceRecordId.replaceAll("[^0-9]", "");
        if (digits.isEmpty()) {
            throw new IllegalArgumentException("not a Withings-style record id");
        }
        return Long.parseLong(digits.length() > 18 ? digits.substring(digits.length() - 18) : digits);
    }

    private static void putSeconds(ObjectNode data, String field, Double minutes) {
        if (minutes != null) {
            data.put(field, seconds(minutes));
        }
    }

    private static long seconds(double minutes) {
        return Math.round(minutes * 60);
    }
}
