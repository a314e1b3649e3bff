package org.sleepdelta.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.Modality;
import org.sleepdelta.avro.SessionStatus;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.avro.SleepSource;
import org.sleepdelta.schemas.validation.Violation;

class CanonicalJsonTest {
    private static final String NIGHT = """
            {"clinicId":"clinic-a","clientId":"c1","source":"FITBIT","sourceRecordId":"f-1",
             "sleepStart":"2026-03-02T23:10:00+01:00","sleepEnd":"2026-03-03T07:00:00+01:00",
             "timezone":"Europe/Berlin","totalSleepMinutes":410,"mainSleep":true,"sleepLatencyMinutes":12,
             "awakenings":3,"hrvRmssdMs":38.5}""";

    @Test
    void readsASleepRecordWithOffsetsIntoInstants() {
        Parsed<SleepRecord> parsed = CanonicalJson.sleepRecord(NIGHT);
        assertThat(parsed.violations()).isEmpty();
        SleepRecord r = parsed.value();
        assertThat(r.getSleepStart()).isEqualTo(Instant.parse("2026-03-02T22:10:00Z"));
        assertThat(r.getSource()).isEqualTo(SleepSource.FITBIT);
        assertThat(r.getTotalSleepMinutes()).isEqualTo(410.0);
        assertThat(r.getAwakenings()).isEqualTo(3);
        assertThat(r.getWasoMinutes()).isNull();
        assertThat(r.getDeleted()).isFalse();
    }

    @Test
    void writingThenReadingGivesTheSameRecord() {
        SleepRecord r = CanonicalJson.sleepRecord(NIGHT).value();
        assertThat(CanonicalJson.sleepRecord(CanonicalJson.line(CanonicalJson.toJson(r)))
                        .value())
                .isEqualTo(r);
        MassageSession s = MassageSession.newBuilder()
                .setClinicId("k")
                .setClientId("c")
                .setSessionId("s-1")
                .setModality(Modality.SHIATSU)
                .setStart(Instant.parse("2026-03-02T09:00:00Z"))
                .setDurationMinutes(60)
                .setTimezone("Asia/Tokyo")
                .setStatus(SessionStatus.NO_SHOW)
                .build();
        assertThat(CanonicalJson.massageSession(CanonicalJson.line(CanonicalJson.toJson(s)))
                        .value())
                .isEqualTo(s);
    }

    @Test
    void namesEveryBadFieldAtOnce() {
        Parsed<SleepRecord> parsed = CanonicalJson.sleepRecord("""
                {"clinicId":"clinic a","clientId":"c1","source":"POLAR","sourceRecordId":"x",
                 "sleepStart":"2026-03-02 23:10","sleepEnd":"2026-03-03T07:00:00Z","timezone":"Europe/Berlin",
                 "totalSleepMinutes":"400","wasoMinute":20}""");
        assertThat(parsed.isValid()).isFalse();
        assertThat(parsed.violations())
                .extracting(Violation::field)
                .containsExactlyInAnyOrder("source", "sleepStart", "totalSleepMinutes", "wasoMinute");
        assertThat(parsed.violations())
                .filteredOn(v -> v.field().equals("wasoMinute"))
                .extracting(Violation::reason)
                .containsExactly("is not a field of this record");
    }

    @Test
    void idRuleIsCheckedAfterTheShapeIsRight() {
        Parsed<SleepRecord> parsed = CanonicalJson.sleepRecord(NIGHT.replace("\"clinic-a\"", "\"clinic a\""));
        assertThat(parsed.violations()).containsExactly(new Violation("clinicId", "must match [A-Za-z0-9._:-]{1,64}"));
    }

    @Test
    void aDeletionNeedsOnlyItsIdentityAndIgnoresTheRest() {
        Parsed<SleepRecord> parsed = CanonicalJson.sleepRecord("""
                {"clinicId":"k","clientId":"c","source":"OURA","sourceRecordId":"o-9","deleted":true,"totalSleepMinutes":"junk"}""");
        assertThat(parsed.violations()).isEmpty();
        assertThat(parsed.value().getDeleted()).isTrue();
        assertThat(parsed.value().getTotalSleepMinutes()).isNull();
    }

    @Test
    void malformedJsonAndNonObjectsAreReportedAtTheRoot() {
        assertThat(CanonicalJson.sleepRecord("{oops").violations())
                .containsExactly(new Violation("$", "is not well-formed JSON"));
        assertThat(CanonicalJson.massageSession("[1]").violations())
                .containsExactly(new Violation("$", "must be a JSON object"));
    }

    @Test
    void aDuplicateKeyIsAViolationNamingItsPathInTheStringEntryPoints() {
        String twice = NIGHT.replace("\"clientId\":\"c1\"", "\"clientId\":\"c1\",\"clinicId\":\"clinic-b\"");

        assertThat(CanonicalJson.sleepRecord(twice).violations())
                .containsExactly(new Violation("clinicId", StrictJson.DUPLICATE_KEY));
        assertThat(CanonicalJson.massageSession("{\"a\":{\"b\":[{\"c\":1,\"c\":2}]}}")
                        .violations())
                .containsExactly(new Violation("a.b[0].c", StrictJson.DUPLICATE_KEY));
    }

    @Test
    void hostileJsonIsAViolationNamingTheLimitNotAnException() {
        assertThat(CanonicalJson.sleepRecord("[".repeat(100_000)).violations())
                .containsExactly(new Violation("$", "nests arrays and objects more than 64 deep"));
        assertThat(CanonicalJson.sleepRecord("{\"totalSleepMinutes\":" + "9".repeat(100_000) + "}")
                        .violations())
                .containsExactly(new Violation("$", "has a number longer than 100 characters"));
        assertThat(CanonicalJson.sleepRecord("{\"k\":\"" + "x".repeat(StrictJson.MAX_STRING_CHARS + 1) + "\"}")
                        .violations())
                .containsExactly(new Violation("$", "has a string longer than 1048576 characters"));
        for (String token : new String[] {"NaN", "Infinity", "-Infinity"}) {
            assertThat(CanonicalJson.sleepRecord("{\"totalSleepMinutes\":" + token + "}")
                            .violations())
                    .as(token)
                    .containsExactly(new Violation(
                            "$", "has NaN or Infinity, which JSON does not allow: numbers must be finite"));
        }
    }

    @Test
    void sessionStatusDefaultsToCompleted() {
        Parsed<MassageSession> parsed = CanonicalJson.massageSession("""
                {"clinicId":"k","clientId":"c","sessionId":"s","modality":"THAI","start":"2026-03-02T10:00:00Z",
                 "durationMinutes":60,"timezone":"UTC"}""");
        assertThat(parsed.violations()).isEmpty();
        assertThat(parsed.value().getStatus()).isEqualTo(SessionStatus.COMPLETED);
    }
}
