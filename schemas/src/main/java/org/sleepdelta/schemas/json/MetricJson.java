package org.sleepdelta.schemas.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.sleepdelta.avro.MetricStats;
import org.sleepdelta.avro.SleepChangeMetric;
import org.sleepdelta.avro.SleepMetrics;

/** The JSON form of a dashboard record: field, window and metric names exactly as the contract names them. */
public final class MetricJson {
    /** The nine nightly metrics in contract order. */
    public static final List<String> METRIC_NAMES = List.of(
            "totalSleepMinutes",
            "sleepEfficiencyPct",
            "sleepLatencyMinutes",
            "wasoMinutes",
            "awakenings",
            "deepMinutes",
            "remMinutes",
            "restingHeartRateBpm",
            "hrvRmssdMs");

    private MetricJson() {}

    public static ObjectNode toJson(SleepChangeMetric m) {
        ObjectNode o = CanonicalJson.MAPPER.createObjectNode();
        o.put("clinicId", m.getClinicId());
        o.put("clientId", m.getClientId());
        o.put("sessionId", m.getSessionId());
        o.put("window", m.getWindow().name());
        o.put("modality", m.getModality().name());
        o.put("firstNight", m.getFirstNight().toString());
        o.put("windowStart", m.getWindowStart().toString());
        o.put("windowEnd", m.getWindowEnd().toString());
        o.put("baselineStart", m.getBaselineStart().toString());
        o.put("baselineEnd", m.getBaselineEnd().toString());
        if (m.getSessionsInWindow() == null) {
            o.putNull("sessionsInWindow");
        } else {
            o.put("sessionsInWindow", m.getSessionsInWindow());
        }
        ObjectNode metrics = o.putObject("metrics");
        SleepMetrics all = m.getMetrics();
        for (String name : METRIC_NAMES) {
            metrics.set(name, stats((MetricStats) all.get(name)));
        }
        o.put("revision", m.getRevision());
        o.put("complete", m.getComplete());
        return o;
    }

    private static ObjectNode stats(MetricStats s) {
        ObjectNode o = CanonicalJson.MAPPER.createObjectNode();
        o.put("baselineN", s.getBaselineN());
        o.put("postN", s.getPostN());
        number(o, "baselineMean", s.getBaselineMean());
        number(o, "baselineSd", s.getBaselineSd());
        number(o, "postMean", s.getPostMean());
        number(o, "delta", s.getDelta());
        number(o, "pctChange", s.getPctChange());
        number(o, "z", s.getZ());
        if (s.getMeaningfulImprovement() == null) {
            o.putNull("meaningfulImprovement");
        } else {
            o.put("meaningfulImprovement", s.getMeaningfulImprovement());
        }
        return o;
    }

    private static void number(ObjectNode o, String field, Double value) {
        if (value == null) {
            o.putNull(field);
        } else {
            o.put(field, value);
        }
    }
}
