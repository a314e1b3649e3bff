package org.sleepdelta.schemas.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.Modality;
import org.sleepdelta.avro.Pressure;
import org.sleepdelta.avro.SessionStatus;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.avro.SleepSource;
import org.sleepdelta.schemas.validation.ContractValidator;
import org.sleepdelta.schemas.validation.Violation;

/**
 * The canonical JSON form of input records (the public contract at the edges: HTTP, files, replay).
 * Reading is strict and explains every problem with its field (a duplicate key, too, see {@link StrictJson});
 * writing is the exact inverse.
 */
public final class CanonicalJson {
    static final ObjectMapper MAPPER = StrictJson.mapper();
    private static final Set<String> SLEEP_IDENTITY =
            Set.of("clinicId", "clientId", "source", "sourceRecordId", "deleted");

    private CanonicalJson() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static Parsed<SleepRecord> sleepRecord(String json) {
        try {
            return sleepRecord(MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            return unreadable(e);
        }
    }

    public static Parsed<MassageSession> massageSession(String json) {
        try {
            return massageSession(MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            return unreadable(e);
        }
    }

    /** A record that could not be read: its duplicate key, the limit it passed, or that it is not well-formed. */
    static <T> Parsed<T> unreadable(JsonProcessingException failure) {
        StrictJson.Problem problem = StrictJson.problem(failure);
        return Parsed.invalid(new ArrayList<>(List.of(new Violation(problem.path(), problem.reason()))));
    }

    public static Parsed<SleepRecord> sleepRecord(JsonNode node) {
        if (!node.isObject()) {
            return Parsed.invalid(List.of(new Violation("$", "must be a JSON object")));
        }
        FieldReader in = new FieldReader(node);
        String clinicId = in.string("clinicId", true);
        String clientId = in.string("clientId", true);
        SleepSource source = in.enumValue("source", SleepSource.class, true);
        String sourceRecordId = in.string("sourceRecordId", true);
        boolean deleted = Boolean.TRUE.equals(in.bool("deleted", false));
        SleepRecord.Builder out = SleepRecord.newBuilder().setDeleted(deleted);
        if (deleted) {
            // Only the identity matters for a deletion; whatever else was sent is ignored, as documented.
            node.fieldNames().forEachRemaining(name -> {
                if (!SLEEP_IDENTITY.contains(name)) {
                    in.string(name, false);
                }
            });
            in.violations.removeIf(v -> !SLEEP_IDENTITY.contains(v.field()));
        } else {
            out.setSleepStart(in.instant("sleepStart", true))
                    .setSleepEnd(in.instant("sleepEnd", true))
                    .setTimezone(in.string("timezone", true))
                    .setTotalSleepMinutes(in.number("totalSleepMinutes", true))
                    .setMainSleep(in.bool("mainSleep", false))
                    .setTimeInBedMinutes(in.number("timeInBedMinutes", false))
                    .setSleepLatencyMinutes(in.number("sleepLatencyMinutes", false))
                    .setWasoMinutes(in.number("wasoMinutes", false))
                    .setAwakenings(in.integer("awakenings", false))
                    .setDeepMinutes(in.number("deepMinutes", false))
                    .setRemMinutes(in.number("remMinutes", false))
                    .setLightMinutes(in.number("lightMinutes", false))
                    .setRestingHeartRateBpm(in.number("restingHeartRateBpm", false))
                    .setHrvRmssdMs(in.number("hrvRmssdMs", false));
        }
        in.rejectUnknownFields();
        if (!in.violations.isEmpty()) {
            return Parsed.invalid(in.violations);
        }
        out.setClinicId(clinicId).setClientId(clientId).setSource(source).setSourceRecordId(sourceRecordId);
        SleepRecord record = out.build();
        List<Violation> problems = ContractValidator.validate(record);
        return problems.isEmpty() ? Parsed.ok(record) : Parsed.invalid(problems);
    }

    public static Parsed<MassageSession> massageSession(JsonNode node) {
        if (!node.isObject()) {
            return Parsed.invalid(List.of(new Violation("$", "must be a JSON object")));
        }
        FieldReader in = new FieldReader(node);
        String clinicId = in.string("clinicId", true);
        String clientId = in.string("clientId", true);
        String sessionId = in.string("sessionId", true);
        Modality modality = in.enumValue("modality", Modality.class, true);
        Instant start = in.instant("start", true);
        Integer duration = in.integer("durationMinutes", true);
        String timezone = in.string("timezone", true);
        String therapistId = in.string("therapistId", false);
        Pressure pressure = in.enumValue("pressure", Pressure.class, false);
        SessionStatus status = in.enumValue("status", SessionStatus.class, false);
        in.rejectUnknownFields();
        if (!in.violations.isEmpty()) {
            return Parsed.invalid(in.violations);
        }
        MassageSession session = MassageSession.newBuilder()
                .setClinicId(clinicId)
                .setClientId(clientId)
                .setSessionId(sessionId)
                .setModality(modality)
                .setStart(start)
                .setDurationMinutes(duration)
                .setTimezone(timezone)
                .setTherapistId(therapistId)
                .setPressure(pressure)
                .setStatus(status == null ? SessionStatus.COMPLETED : status)
                .build();
        List<Violation> problems = ContractValidator.validate(session);
        return problems.isEmpty() ? Parsed.ok(session) : Parsed.invalid(problems);
    }

    public static ObjectNode toJson(SleepRecord r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("clinicId", r.getClinicId());
        o.put("clientId", r.getClientId());
        o.put("source", r.getSource().name());
        o.put("sourceRecordId", r.getSourceRecordId());
        if (r.getDeleted()) {
            o.put("deleted", true);
            return o;
        }
        ZoneId zone = zoneOrUtc(r.getTimezone());
        o.put("sleepStart", timestamp(r.getSleepStart(), zone));
        o.put("sleepEnd", timestamp(r.getSleepEnd(), zone));
        o.put("timezone", r.getTimezone());
        putNumber(o, "totalSleepMinutes", r.getTotalSleepMinutes());
        if (r.getMainSleep() != null) {
            o.put("mainSleep", r.getMainSleep());
        }
        putNumber(o, "timeInBedMinutes", r.getTimeInBedMinutes());
        putNumber(o, "sleepLatencyMinutes", r.getSleepLatencyMinutes());
        putNumber(o, "wasoMinutes", r.getWasoMinutes());
        if (r.getAwakenings() != null) {
            o.put("awakenings", r.getAwakenings());
        }
        putNumber(o, "deepMinutes", r.getDeepMinutes());
        putNumber(o, "remMinutes", r.getRemMinutes());
        putNumber(o, "lightMinutes", r.getLightMinutes());
        putNumber(o, "restingHeartRateBpm", r.getRestingHeartRateBpm());
        putNumber(o, "hrvRmssdMs", r.getHrvRmssdMs());
        return o;
    }

    public static ObjectNode toJson(MassageSession s) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("clinicId", s.getClinicId());
        o.put("clientId", s.getClientId());
        o.put("sessionId", s.getSessionId());
        o.put("modality", s.getModality().name());
        o.put("start", timestamp(s.getStart(), zoneOrUtc(s.getTimezone())));
        o.put("durationMinutes", s.getDurationMinutes());
        o.put("timezone", s.getTimezone());
        if (s.getTherapistId() != null) {
            o.put("therapistId", s.getTherapistId());
        }
        if (s.getPressure() != null) {
            o.put("pressure", s.getPressure().name());
        }
        o.put("status", s.getStatus().name());
        return o;
    }

    public static String line(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    static String timestamp(Instant instant, ZoneId zone) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                instant.atZone(zone).toOffsetDateTime());
    }

    private static ZoneId zoneOrUtc(String zone) {
        try {
            return zone == null ? ZoneOffset.UTC : ZoneId.of(zone);
        } catch (RuntimeException e) {
            return ZoneOffset.UTC;
        }
    }

    private static void putNumber(ObjectNode o, String field, Double value) {
        if (value != null) {
            o.put(field, value);
        }
    }
}
