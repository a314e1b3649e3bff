package org.sleepdelta.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sleepdelta.ingest.http.HostilePayloads.billionLaughs;
import static org.sleepdelta.ingest.http.HostilePayloads.externalDtd;
import static org.sleepdelta.ingest.http.HostilePayloads.externalEntity;
import static org.sleepdelta.ingest.http.HostilePayloads.gzipBomb;
import static org.sleepdelta.ingest.http.HostilePayloads.ouraDocument;
import static org.sleepdelta.ingest.http.HostilePayloads.repeated;
import static org.sleepdelta.ingest.http.HostilePayloads.utf8;
import static org.sleepdelta.ingest.http.HostilePayloads.zipBomb;
import static org.sleepdelta.ingest.http.HostilePayloads.zipOfEmptyEntries;
import static org.sleepdelta.ingest.http.HostilePayloads.zipped;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sleepdelta.schemas.json.CanonicalJson;

/**
 * The hostile corpus of issue 11 (item 4), one {@link HostileCase} per input, by category. The service runs with the
 * production limits except those named in {@link #SETTINGS}. Records a forged request may write carry a client id
 * starting {@link #FORGED}, so that the test can check on the topic that they were written for the caller's clinic
 * only.
 */
final class HostileCorpus {
    /** 16 MB instead of 8 GB, so that the zip bombs that pass it inflate in a second, not minutes. */
    static final long EXPORT_LIMIT = 16L << 20;
    /** 32 MB instead of 200 MB, so that the gzip bomb past it inflates in a second. */
    static final long WEARABLE_LIMIT = 32L << 20;
    /** The default max-body-bytes (20MB), which the corpus does not change. */
    static final long BODY_LIMIT = 20L << 20;
    /** The limits the corpus is run with; every other setting is the default. */
    static final Map<String, String> SETTINGS = Map.of(
            "max-export-uncompressed-bytes",
            Long.toString(EXPORT_LIMIT),
            "max-wearable-body-bytes",
            Long.toString(WEARABLE_LIMIT),
            // 1000 instead of 100 000, so that the archive of too many entries is 120 KB, not 12 MB.
            "max-export-entries",
            "1000",
            // 1s instead of 30s before a trickling upload is cut (the minimum rate stays the default, 1KB/s).
            "min-upload-rate-grace",
            "1s");

    static final String FORGED = "forged-";
    static final String ARRAY_CLIENT = "hostile-array";
    static final int BATCH_LIMIT = 10_000;

    private static final String SLEEP = "/v1/sleep-records";
    private static final String OURA = "/v1/wearables/oura/sleep?timezone=Europe/Berlin&clientId=";
    private static final String APPLE = "/v1/wearables/apple-health/sleep?timezone=Europe/Berlin&clientId=";

    private HostileCorpus() {}

    /** @param dtdServer a URL base that counts requests, for external entities and DTDs that must never be fetched */
    static List<HostileCase> cases(String dtdServer) {
        List<HostileCase> cases = new ArrayList<>();
        nesting(cases);
        numbers(cases);
        encoding(cases);
        arrays(cases);
        datesAndZones(cases);
        xml(cases, dtdServer);
        bombs(cases);
        forgedClinic(cases);
        slowUploads(cases);
        return cases;
    }

    private static void nesting(List<HostileCase> cases) {
        cases.add(HostileCase.of(
                        "deep nesting",
                        "100 000 nested [ as a canonical batch",
                        key -> canonical(key, repeated("", "[", 100_000, "]".repeat(100_000))))
                .expect(400, "invalid_body", HostileCorpus::namesTheJsonLimit));
        cases.add(HostileCase.of(
                        "deep nesting",
                        "100 000 nested [ on an NDJSON line",
                        key -> HostileRequest.post(SLEEP)
                                .key(key)
                                .bytes(repeated("", "[", 100_000, "\n"), "application/x-ndjson"))
                .expect(
                        400,
                        "invalid_records",
                        r -> assertThat(r.problems())
                                .containsExactly("1/$/nests arrays and objects more than 64 deep")));
        cases.add(HostileCase.of(
                        "deep nesting",
                        "100 000 nested objects inside a record",
                        key -> canonical(
                                key,
                                utf8(CanonicalJson.line(record("nest-1"))
                                        .replaceFirst(
                                                "}$",
                                                ",\"x\":" + "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000)
                                                        + "}"))))
                .expect(400, "invalid_body", HostileCorpus::namesTheJsonLimit));
        cases.add(HostileCase.of(
                        "deep nesting",
                        "100 000 nested [ in an Oura payload",
                        key -> HostileRequest.post(OURA + "nest-oura")
                                .key(key)
                                .bytes(repeated("{\"data\":[", "[", 100_000, ""), "application/json"))
                .expect(400, "invalid_payload"));
    }

    private static void numbers(List<HostileCase> cases) {
        cases.add(HostileCase.of(
                        "huge numbers",
                        "a 1 MB digit string as totalSleepMinutes",
                        key -> canonical(key, withRaw(record("num-1"), "totalSleepMinutes", "9".repeat(1 << 20))))
                .expect(400, "invalid_body", HostileCorpus::namesTheJsonLimit));
        cases.add(HostileCase.of(
                        "huge numbers",
                        "1e999 as totalSleepMinutes",
                        key -> canonical(key, withRaw(record("num-2"), "totalSleepMinutes", "1e999")))
                .expect(400, "invalid_records"));
        cases.add(HostileCase.of(
                        "huge numbers",
                        "a 1 MB digit string in an Oura document",
                        key -> HostileRequest.post(OURA + "num-oura")
                                .key(key)
                                .bytes(
                                        utf8("{\"data\":["
                                                + ouraDocument("n1", 2)
                                                        .replace(
                                                                "\"total_sleep_duration\":25200",
                                                                "\"total_sleep_duration\":" + "9".repeat(1 << 20))
                                                + "]}"),
                                        "application/json"))
                .expect(400, "invalid_payload"));
        for (String literal : List.of("NaN", "Infinity", "-Infinity")) {
            cases.add(HostileCase.of(
                            "NaN/Infinity",
                            literal + " as totalSleepMinutes",
                            key -> canonical(key, withRaw(record("nan-" + literal), "totalSleepMinutes", literal)))
                    .expect(400, "invalid_body"));
        }
        cases.add(HostileCase.of(
                        "NaN/Infinity",
                        "NaN in an Oura document",
                        key -> HostileRequest.post(OURA + "nan-oura")
                                .key(key)
                                .bytes(
                                        utf8("{\"data\":["
                                                + ouraDocument("n2", 2).replace("25200", "NaN") + "]}"),
                                        "application/json"))
                .expect(400, "invalid_payload"));
    }

    private static void encoding(List<HostileCase> cases) {
        byte[] invalid = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE};
        cases.add(HostileCase.of(
                        "invalid UTF-8",
                        "bytes C3 28 FF FE in clientId, JSON",
                        key -> canonical(key, splice(CanonicalJson.line(record("utf-1")), "utf-1", invalid)))
                .expect(400, "invalid_body"));
        cases.add(HostileCase.of(
                        "invalid UTF-8",
                        "bytes C3 28 FF FE in clientId, NDJSON line 2",
                        key -> HostileRequest.post(SLEEP)
                                .key(key)
                                .bytes(
                                        concat(
                                                utf8(CanonicalJson.line(record("utf-ok")) + "\n"),
                                                splice(CanonicalJson.line(record("utf-2")), "utf-2", invalid)),
                                        "application/x-ndjson"))
                .expect(
                        400,
                        "invalid_records",
                        r -> assertThat(r.problems()).containsExactly("2/$/is not well-formed JSON")));
        cases.add(HostileCase.of(
                        "invalid UTF-8",
                        "bytes C3 28 FF FE in an Apple Health attribute",
                        key -> HostileRequest.post(APPLE + "utf-apple")
                                .key(key)
                                .bytes(
                                        splice(
                                                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<HealthData><ExportDate "
                                                        + "value=\"XX\"/></HealthData>\n",
                                                "XX",
                                                invalid),
                                        "application/xml"))
                .expect(
                        400,
                        "invalid_payload",
                        r -> assertThat(r.json().get("message").asText()).contains("not well-formed")));
    }

    private static void arrays(List<HostileCase> cases) {
        cases.add(HostileCase.of("10 000-element arrays", "10 001 canonical records", key -> {
                    List<ObjectNode> records = new ArrayList<>();
                    for (int i = 0; i <= BATCH_LIMIT; i++) {
                        records.add(Canonical.sleep("arr-" + i, "arr-" + i, 1));
                    }
                    return HostileRequest.post(SLEEP).key(key).json(Canonical.array(records));
                })
                .expect(413, "too_many_records"));
        cases.add(HostileCase.of(
                        "10 000-element arrays",
                        "a 10 000-element array inside a record",
                        key -> canonical(key, withRaw(record("arr-field"), "x", "[" + "1,".repeat(9_999) + "1]")))
                .expect(400, "invalid_records"));
        // Nights of the last 10 000 days: those within the retention are accepted, the rest rejection entries.
        cases.add(HostileCase.of("10 000-element arrays", "10 000 Oura nights, most outside the retention", key -> {
                    StringBuilder payload = new StringBuilder("{\"data\":[");
                    for (int i = 0; i < BATCH_LIMIT; i++) {
                        payload.append(i == 0 ? "" : ",").append(ouraDocument("night-" + i, 1 + i));
                    }
                    return HostileRequest.post(OURA + ARRAY_CLIENT)
                            .key(key)
                            .bytes(utf8(payload.append("]}").toString()), "application/json");
                })
                .expect(202, null, r -> {
                    assertThat(r.json().get("accepted").asInt()).isPositive();
                    assertThat(r.json().get("accepted").asInt()
                                    + r.json().get("outsideRetention").asInt())
                            .isEqualTo(BATCH_LIMIT);
                }));
    }

    private static void datesAndZones(List<HostileCase> cases) {
        for (String end : List.of("0000-01-01T08:00:00Z", "9999-12-31T08:00:00Z", "+999999999-12-31T08:00:00Z")) {
            cases.add(HostileCase.of("extreme dates", "sleepEnd " + end, key -> {
                        ObjectNode record = record("date-" + end.length());
                        record.put("sleepEnd", end);
                        return canonical(key, record);
                    })
                    .expect(400, "invalid_records"));
        }
        cases.add(HostileCase.of("extreme dates", "sleepEnd with offset +25:00", key -> {
                    ObjectNode record = record("offset-1");
                    record.put("sleepEnd", "2026-03-02T06:50:00+25:00");
                    return canonical(key, record);
                })
                .expect(400, "invalid_records"));
        cases.add(HostileCase.of("extreme zones", "timezone Mars/Olympus", key -> {
                    ObjectNode record = record("zone-1");
                    record.put("timezone", "Mars/Olympus");
                    return canonical(key, record);
                })
                .expect(400, "invalid_records"));
        cases.add(HostileCase.of(
                        "extreme zones",
                        "?timezone=Mars/Olympus for a vendor payload",
                        key -> HostileRequest.post("/v1/wearables/oura/sleep?clientId=zone-2&timezone=Mars/Olympus")
                                .key(key)
                                .bytes(utf8("{\"data\":[" + ouraDocument("z2", 2) + "]}"), "application/json"))
                .expect(400, "invalid_request"));
        cases.add(HostileCase.of(
                        "extreme zones",
                        "?timezone=%2B25:00 for a vendor payload",
                        key -> HostileRequest.post("/v1/wearables/oura/sleep?clientId=zone-3&timezone=%2B25:00")
                                .key(key)
                                .bytes(utf8("{\"data\":[" + ouraDocument("z3", 2) + "]}"), "application/json"))
                .expect(400, "invalid_request"));
        cases.add(HostileCase.of(
                        "extreme dates",
                        "Oura bedtime_end in year +999999999 and offset +25:00",
                        key -> HostileRequest.post(OURA + "date-oura")
                                .key(key)
                                .bytes(
                                        utf8("{\"data\":["
                                                + ouraDocument(
                                                        "d1",
                                                        "+999999999-12-30T23:00:00+00:00",
                                                        "+999999999-12-31T07:00:00+00:00",
                                                        "+999999999-12-31")
                                                + ","
                                                + ouraDocument(
                                                        "d2",
                                                        "2026-03-01T23:00:00+25:00",
                                                        "2026-03-02T07:00:00+25:00",
                                                        "2026-03-02")
                                                + "]}"),
                                        "application/json"))
                .expect(400, "invalid_records"));
    }

    private static void xml(List<HostileCase> cases, String dtdServer) {
        cases.add(HostileCase.of(
                        "XML entities",
                        "billion laughs in export.xml",
                        key -> apple(key, "xml-1", utf8(billionLaughs())))
                .expect(400, "invalid_payload"));
        cases.add(HostileCase.of(
                        "XML entities",
                        "billion laughs in export.zip",
                        key -> apple(key, "xml-2", zipped(billionLaughs())))
                .expect(400, "invalid_payload"));
        cases.add(HostileCase.of(
                        "XML entities",
                        "external entity (file:///etc/passwd) in export.xml",
                        key -> apple(key, "xml-3", utf8(externalEntity("file:///etc/passwd"))))
                .expect(400, "invalid_payload", HostileCorpus::leaksNothing));
        cases.add(HostileCase.of(
                        "XML entities",
                        "external entity (http) in export.zip",
                        key -> apple(key, "xml-4", zipped(externalEntity(dtdServer + "/entity"))))
                .expect(400, "invalid_payload", HostileCorpus::leaksNothing));
        cases.add(HostileCase.of(
                        "XML entities",
                        "external DTD (http), never fetched",
                        key -> apple(key, "xml-5", utf8(externalDtd(dtdServer + "/evil.dtd"))))
                .expect(202, null));
    }

    private static void bombs(List<HostileCase> cases) {
        long overExport = EXPORT_LIMIT + (EXPORT_LIMIT >> 4);
        cases.add(HostileCase.of(
                        "zip bombs",
                        "export.xml expanding 1000:1 past max-export-uncompressed-bytes",
                        key -> apple(key, "zip-1", HostilePayloads.zipBombOfElements(overExport)))
                .expect(413, "export_too_large"));
        cases.add(HostileCase.of(
                        "zip bombs",
                        "export.xml of one text run expanding 1000:1",
                        key -> apple(
                                key,
                                "zip-text",
                                zipBomb("apple_health_export/export.xml", "<HealthData>", overExport, "</HealthData>")))
                .expect(
                        400,
                        "invalid_payload",
                        r -> assertThat(r.json().get("message").asText()).contains("longer than")));
        cases.add(HostileCase.of(
                        "zip bombs",
                        "an entry before export.xml expanding past the limit",
                        key -> apple(
                                key,
                                "zip-2",
                                zipBomb("apple_health_export/electrocardiograms/e.csv", "", overExport, "")))
                .expect(413, "export_too_large"));
        cases.add(HostileCase.of(
                        "zip bombs",
                        "1001 empty entries, more than max-export-entries",
                        key -> apple(key, "zip-3", zipOfEmptyEntries(1001)))
                .expect(413, "export_too_large"));
        cases.add(HostileCase.of(
                        "gzip bombs",
                        "canonical batch expanding past max-body-bytes",
                        key -> HostileRequest.post(SLEEP)
                                .key(key)
                                .header("Content-Encoding", "gzip")
                                .bytes(gzipBomb("[", BODY_LIMIT, "]"), "application/json"))
                .expect(413, "body_too_large"));
        cases.add(HostileCase.of(
                        "gzip bombs",
                        "Oura payload expanding past max-wearable-body-bytes",
                        key -> HostileRequest.post(OURA + "gzip-oura")
                                .key(key)
                                .header("Content-Encoding", "gzip")
                                .bytes(gzipBomb("{\"data\":[", WEARABLE_LIMIT, "]}"), "application/json"))
                .expect(413, "body_too_large"));
        cases.add(HostileCase.of(
                        "gzip bombs",
                        "gzip of a zip bomb for Apple Health",
                        key -> apple(
                                        key,
                                        "gzip-apple",
                                        zipBomb(
                                                "apple_health_export/export.xml",
                                                "<HealthData>",
                                                overExport,
                                                "</HealthData>"))
                                .header("Content-Encoding", "gzip"))
                .expect(400, "invalid_body"));
        cases.add(HostileCase.of("large bodies", "a 19 MB string as clientId, within max-body-bytes", key -> {
                    ObjectNode record = record("big-string");
                    record.put("clientId", "x".repeat(19 << 20));
                    return canonical(key, record);
                })
                .expect(
                        400,
                        "invalid_records",
                        r -> assertThat(r.problems())
                                .containsExactly("0/$/has a string longer than 1048576 characters")));
        cases.add(HostileCase.of(
                        "large bodies",
                        "a 19 MB string in an Oura document",
                        key -> HostileRequest.post(OURA + "big-string-oura")
                                .key(key)
                                .bytes(
                                        utf8("{\"data\":["
                                                + ouraDocument("s1", 2).replace("long_sleep", "x".repeat(19 << 20))
                                                + "]}"),
                                        "application/json"))
                .expect(
                        400,
                        "invalid_payload",
                        r -> assertThat(r.json().get("message").asText()).contains("longer than 1048576 characters")));
        cases.add(HostileCase.of(
                        "large bodies",
                        "canonical body of spaces past max-body-bytes, chunked",
                        key -> HostileRequest.post(SLEEP).key(key).stream(
                                () -> HostilePayloads.run((byte) ' ', BODY_LIMIT + 1), "application/json"))
                .expect(413, "body_too_large"));
    }

    private static void slowUploads(List<HostileCase> cases) {
        Duration tick = Duration.ofMillis(50);
        cases.add(HostileCase.of(
                        "slow uploads",
                        "a canonical batch trickling 20 bytes a second",
                        key -> HostileRequest.post(SLEEP)
                                .key(key)
                                .header("Content-Type", "application/json")
                                .trickle(100_000, "[", 1, tick))
                .expect(
                        408,
                        "request_timeout",
                        r -> assertThat(r.json().get("message").asText()).contains("min-upload-bytes-per-second")));
        cases.add(HostileCase.of(
                        "slow uploads",
                        "an upload that stops after its first byte",
                        key -> HostileRequest.post(SLEEP)
                                .key(key)
                                .header("Content-Type", "application/json")
                                .trickle(100_000, "[", 0, tick))
                .expect(
                        408,
                        "request_timeout",
                        r -> assertThat(r.json().get("message").asText()).contains("min-upload-rate-grace")));
        cases.add(HostileCase.of(
                        "slow uploads",
                        "an Apple Health export trickling 20 bytes a second",
                        key -> HostileRequest.post(APPLE + "slow-apple")
                                .key(key)
                                .header("Content-Type", "application/xml")
                                .trickle(10_000_000, "<HealthData>", 1, tick))
                .expect(408, "request_timeout"));
        cases.add(HostileCase.concurrent(
                        "slow uploads",
                        "4 trickling uploads at once, as many as there are slots",
                        4,
                        key -> HostileRequest.post(SLEEP)
                                .key(key)
                                .header("Content-Type", "application/json")
                                .trickle(100_000, "[", 1, tick))
                .expect(408, "request_timeout"));
    }

    private static void forgedClinic(List<HostileCase> cases) {
        cases.add(HostileCase.of(
                        "forged clinicId",
                        "in a 16 KB X-Clinic-Id header, past Jetty's header limit",
                        key -> canonical(key, record(FORGED + "big-header"))
                                .header("X-Clinic-Id", RunningIngest.OTHER_CLINIC + ",".repeat(16 * 1024)))
                .expect(431, "headers_too_large"));
        cases.add(HostileCase.of("forged clinicId", "in the body", key -> {
                    ObjectNode record = record(FORGED + "body");
                    record.put("clinicId", RunningIngest.OTHER_CLINIC);
                    return canonical(key, record);
                })
                .expect(403, "forbidden_clinic"));
        cases.add(HostileCase.of("forged clinicId", "in the body, differing only in case", key -> {
                    ObjectNode record = record(FORGED + "case");
                    record.put("clinicId", RunningIngest.OTHER_CLINIC.toUpperCase(Locale.ROOT));
                    return canonical(key, record);
                })
                .expect(403, "forbidden_clinic"));
        cases.add(HostileCase.of(
                        "forged clinicId",
                        "duplicate clinicId keys, the other clinic last",
                        key -> canonical(
                                key,
                                utf8(CanonicalJson.line(record(FORGED + "duplicate"))
                                        .replaceFirst("}$", ",\"clinicId\":\"" + RunningIngest.OTHER_CLINIC + "\"}"))))
                .expect(
                        400,
                        "invalid_records",
                        r -> assertThat(r.problems()).containsExactly("0/clinicId/" + BatchParser.DUPLICATE_KEY)));
        cases.add(HostileCase.of(
                        "forged clinicId",
                        "in the path",
                        key -> HostileRequest.post("/v1/clinics/" + RunningIngest.OTHER_CLINIC + "/sleep-records")
                                .key(key)
                                .json(record(FORGED + "path")))
                .expect(404, "not_found"));
        cases.add(HostileCase.of(
                        "forged clinicId",
                        "in the query string: ignored",
                        key -> HostileRequest.post(SLEEP + "?clinicId=" + RunningIngest.OTHER_CLINIC)
                                .key(key)
                                .json(record(FORGED + "query")))
                .expect(202, null));
        cases.add(HostileCase.of(
                        "forged clinicId",
                        "in a vendor payload's query string: ignored",
                        key -> HostileRequest.post(
                                        OURA + FORGED + "vendor-query&clinicId=" + RunningIngest.OTHER_CLINIC)
                                .key(key)
                                .bytes(utf8("{\"data\":[" + ouraDocument("fq", 2) + "]}"), "application/json"))
                .expect(202, null));
        cases.add(HostileCase.of(
                        "forged clinicId",
                        "in headers X-Clinic-Id, X-Forwarded-User, Forwarded: ignored",
                        key -> canonical(key, record(FORGED + "headers"))
                                .header("X-Clinic-Id", RunningIngest.OTHER_CLINIC)
                                .header("X-Clinic", RunningIngest.OTHER_CLINIC)
                                .header("X-Forwarded-User", RunningIngest.OTHER_CLINIC)
                                .header("Forwarded", "for=10.0.0.1;by=" + RunningIngest.OTHER_CLINIC))
                .expect(202, null));
    }

    /** The hostile caller's canonical record for {@code clientId}, dated yesterday. */
    static ObjectNode record(String clientId) {
        return Canonical.sleep(clientId, clientId, 1);
    }

    private static HostileRequest canonical(String key, ObjectNode record) {
        return HostileRequest.post(SLEEP).key(key).json(record);
    }

    private static HostileRequest canonical(String key, byte[] body) {
        return HostileRequest.post(SLEEP).key(key).bytes(body, "application/json");
    }

    private static HostileRequest apple(String key, String clientId, byte[] body) {
        return HostileRequest.post(APPLE + clientId).key(key).bytes(body, "application/zip");
    }

    /** The record with one more field whose value is {@code rawJson} as is. */
    private static byte[] withRaw(ObjectNode record, String field, String rawJson) {
        record.remove(field);
        return utf8(CanonicalJson.line(record).replaceFirst("}$", ",\"" + field + "\":" + rawJson + "}"));
    }

    /** {@code text} with its first {@code marker} replaced by raw bytes. */
    private static byte[] splice(String text, String marker, byte[] bytes) {
        int at = text.indexOf(marker);
        return concat(utf8(text.substring(0, at)), bytes, utf8(text.substring(at + marker.length())));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static void namesTheJsonLimit(HttpResponse response) {
        assertThat(response.json().get("message").asText())
                .containsAnyOf("more than 64 deep", "longer than 100 characters", "longer than 1048576 characters")
                .doesNotContain("999");
    }

    /** The answer quotes nothing the parser may have read from outside. */
    private static void leaksNothing(HttpResponse response) {
        assertThat(response.json().toString()).doesNotContain("root:");
    }
}
