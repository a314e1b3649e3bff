package org.sleepdelta.schemas.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.Modality;
import org.sleepdelta.avro.SessionStatus;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.avro.SleepSource;

class ContractValidatorTest {
    private static final Instant START = Instant.parse("2026-03-02T22:00:00Z");

    private static SleepRecord night(Consumer<SleepRecord.Builder> change) {
        SleepRecord.Builder b = SleepRecord.newBuilder()
                .setClinicId("k")
                .setClientId("c")
                .setSource(SleepSource.GARMIN)
                .setSourceRecordId("g1")
                .setSleepStart(START)
                .setSleepEnd(START.plus(8, ChronoUnit.HOURS))
                .setTimezone("Europe/Berlin")
                .setTotalSleepMinutes(420.0);
        change.accept(b);
        return b.build();
    }

    private static String fieldsOf(SleepRecord r) {
        return String.join(
                ",",
                ContractValidator.validate(r).stream().map(Violation::field).toList());
    }

    @Test
    void aPlainNightIsValid() {
        assertThat(ContractValidator.validate(night(b -> {}))).isEmpty();
    }

    @Test
    void periodMustRunForwardsAndLastAtMostADay() {
        assertThat(fieldsOf(night(b -> b.setSleepEnd(START)))).isEqualTo("sleepEnd");
        assertThat(fieldsOf(night(b -> b.setSleepEnd(START.plus(25, ChronoUnit.HOURS)))))
                .isEqualTo("sleepEnd");
    }

    @Test
    void minutesMustFitInsideThePeriod() {
        assertThat(fieldsOf(night(b -> b.setTotalSleepMinutes(500.0)))).isEqualTo("totalSleepMinutes");
        assertThat(fieldsOf(night(b -> b.setWasoMinutes(-1.0)))).isEqualTo("wasoMinutes");
        assertThat(fieldsOf(night(b -> b.setDeepMinutes(Double.NaN)))).isEqualTo("deepMinutes");
        assertThat(fieldsOf(night(b -> b.setTimeInBedMinutes(400.0)))).isEqualTo("totalSleepMinutes");
    }

    @Test
    void physiologicalRangesAreEnforced() {
        assertThat(fieldsOf(night(b -> b.setRestingHeartRateBpm(12.0)))).isEqualTo("restingHeartRateBpm");
        assertThat(fieldsOf(night(b -> b.setHrvRmssdMs(800.0)))).isEqualTo("hrvRmssdMs");
        assertThat(fieldsOf(night(b -> b.setAwakenings(-2)))).isEqualTo("awakenings");
    }

    @Test
    void zonesMustBeIanaIdsNotOffsets() {
        assertThat(fieldsOf(night(b -> b.setTimezone("+01:00")))).isEqualTo("timezone");
        assertThat(fieldsOf(night(b -> b.setTimezone("Mars/Olympus")))).isEqualTo("timezone");
    }

    @Test
    void aLiveRecordNeedsItsTimesButADeletionDoesNot() {
        SleepRecord missing = night(b -> b.setSleepStart(null).setTotalSleepMinutes(null));
        assertThat(fieldsOf(missing)).isEqualTo("sleepStart,totalSleepMinutes");
        missing.setDeleted(true);
        assertThat(ContractValidator.validate(missing)).isEmpty();
    }

    @Test
    void sessionDurationIsBetweenFiveMinutesAndFiveHours() {
        MassageSession.Builder b = MassageSession.newBuilder()
                .setClinicId("k")
                .setClientId("c")
                .setSessionId("s")
                .setModality(Modality.SPORTS)
                .setStart(START)
                .setTimezone("UTC")
                .setStatus(SessionStatus.COMPLETED);
        assertThat(ContractValidator.validate(b.setDurationMinutes(4).build()))
                .extracting(Violation::field)
                .containsExactly("durationMinutes");
        assertThat(ContractValidator.validate(b.setDurationMinutes(300).build()))
                .isEmpty();
    }
}
