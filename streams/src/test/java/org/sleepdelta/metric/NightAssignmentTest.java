package org.sleepdelta.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sleepdelta.metric.Fixtures.date;
import static org.sleepdelta.metric.Fixtures.local;
import static org.sleepdelta.metric.Fixtures.sleep;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Definition 1: a record's night is the local date, in its timezone, of sleepStart - 12 h. */
class NightAssignmentTest {

    private static LocalDate nightOfLocalStart(String localStart, String zone) {
        return sleep().zone(zone).from(localStart).episode().night();
    }

    private static LocalDate nightOfInstant(String instant, String zone) {
        return Episode.nightOf(Instant.parse(instant), ZoneId.of(zone));
    }

    @Nested
    class OrdinaryDays {
        @Test
        void bedtimeBeforeMidnightBelongsToThatEveningsDate() {
            // given lights-out at 23:30 on 10 June, when its night is assigned, then it is 10 June
            assertThat(nightOfLocalStart("2024-06-10T23:30", "Europe/Berlin")).isEqualTo(date("2024-06-10"));
        }

        @Test
        void bedtimeAfterMidnightBelongsToThePreviousEveningsNight() {
            // 01:30 on 11 June minus 12 h is 13:30 on 10 June
            assertThat(nightOfLocalStart("2024-06-11T01:30", "Europe/Berlin")).isEqualTo(date("2024-06-10"));
        }

        @Test
        void afternoonNapBelongsToTheNightStartingThatNoon() {
            // 15:00 on 11 June minus 12 h is 03:00 on 11 June: the span 11 June 12:00 - 12 June 12:00
            assertThat(nightOfLocalStart("2024-06-11T15:00", "Europe/Berlin")).isEqualTo(date("2024-06-11"));
        }

        @Test
        void lateMorningSleepBelongsToTheNightThatIsEnding() {
            // 11:30 on 11 June minus 12 h is 23:30 on 10 June
            assertThat(nightOfLocalStart("2024-06-11T11:30", "Europe/Berlin")).isEqualTo(date("2024-06-10"));
        }

        @Test
        void noonExactlyOpensTheNewNight() {
            assertThat(nightOfLocalStart("2024-06-11T12:00", "Europe/Berlin")).isEqualTo(date("2024-06-11"));
        }

        @Test
        void oneMillisecondBeforeNoonStillBelongsToThePreviousNight() {
            Instant justBeforeNoon = local("2024-06-11T12:00", "Europe/Berlin").minusMillis(1);
            assertThat(Episode.nightOf(justBeforeNoon, ZoneId.of("Europe/Berlin")))
                    .isEqualTo(date("2024-06-10"));
        }

        @Test
        void nightFollowsTheStartEvenWhenTheSleepEndsInTheAfternoon() {
            // given a sleep from 11:00 to 14:00 (it ends after noon), then the start decides: the previous night
            LocalDate night = sleep().from("2024-06-11T11:00")
                    .inBedFor(Duration.ofHours(3))
                    .totalSleep(170)
                    .episode()
                    .night();
            assertThat(night).isEqualTo(date("2024-06-10"));
        }
    }

    @Nested
    class DaylightSavingTime {
        @ParameterizedTest(name = "{0} lights-out {1} -> night {2}")
        @CsvSource({
            // Europe/Berlin springs forward 2024-03-31 02:00 CET -> 03:00 CEST
            "Europe/Berlin, 2024-03-30T23:30, 2024-03-30",
            "Europe/Berlin, 2024-03-31T01:30, 2024-03-30",
            "Europe/Berlin, 2024-03-31T03:30, 2024-03-30",
            "Europe/Berlin, 2024-03-31T22:30, 2024-03-31",
            // America/New_York springs forward 2024-03-10 02:00 EST -> 03:00 EDT
            "America/New_York, 2024-03-09T23:00, 2024-03-09",
            "America/New_York, 2024-03-10T03:15, 2024-03-09",
            "America/New_York, 2024-03-10T22:45, 2024-03-10",
            // Australia/Sydney springs forward 2024-10-06 02:00 AEST -> 03:00 AEDT (southern spring)
            "Australia/Sydney, 2024-10-05T22:30, 2024-10-05",
            "Australia/Sydney, 2024-10-06T01:30, 2024-10-05",
            "Australia/Sydney, 2024-10-06T03:30, 2024-10-05",
            "Australia/Sydney, 2024-10-06T23:00, 2024-10-06",
        })
        void springForwardNightKeepsItsBedtimesTogether(String zone, String lightsOut, String night) {
            assertThat(nightOfLocalStart(lightsOut, zone)).isEqualTo(date(night));
        }

        @ParameterizedTest(name = "{0} repeated hour {1} -> night {2}")
        @CsvSource({
            // Europe/Berlin falls back 2024-10-27 03:00 CEST -> 02:00 CET
            "Europe/Berlin, 2024-10-27T02:30, 2024-10-26",
            // America/New_York falls back 2024-11-03 02:00 EDT -> 01:00 EST
            "America/New_York, 2024-11-03T01:30, 2024-11-02",
            // Australia/Sydney falls back 2024-04-07 03:00 AEDT -> 02:00 AEST
            "Australia/Sydney, 2024-04-07T02:30, 2024-04-06",
        })
        void bothOccurrencesOfTheRepeatedFallBackHourBelongToThePreviousEveningsNight(
                String zone, String lightsOut, String night) {
            ZonedDateTime first =
                    LocalDateTime.parse(lightsOut).atZone(ZoneId.of(zone)).withEarlierOffsetAtOverlap();
            ZonedDateTime second = first.withLaterOffsetAtOverlap();
            assertThat(second.toInstant()).isEqualTo(first.toInstant().plus(Duration.ofHours(1)));

            assertThat(sleep().zone(zone)
                            .fromInstant(first.toInstant())
                            .episode()
                            .night())
                    .isEqualTo(date(night));
            assertThat(sleep().zone(zone)
                            .fromInstant(second.toInstant())
                            .episode()
                            .night())
                    .isEqualTo(date(night));
        }

        @Test
        void fallBackEveningBedtimeBelongsToThatEvening() {
            // 22:00 on 27 October (CET, after the change) belongs to 27 October
            assertThat(nightOfLocalStart("2024-10-27T22:00", "Europe/Berlin")).isEqualTo(date("2024-10-27"));
        }

        /*
         * The definition subtracts 12 elapsed hours from the instant. On a day whose clock jumps, that moves the
         * wall-clock boundary by the jump: spring-forward day's boundary is 13:00 CEST (12 h after 00:00 CET),
         * fall-back day's is 11:00 CET (12 h after 00:00 CEST). These tests pin that literal reading.
         */
        @Test
        void onSpringForwardDayTheBoundaryIsOneOClockBecauseTwelveElapsedHoursAreSubtracted() {
            // 12:30 CEST = 10:30 UTC; minus 12 h = 22:30 UTC on 30 March = 23:30 CET on 30 March
            assertThat(nightOfLocalStart("2024-03-31T12:30", "Europe/Berlin")).isEqualTo(date("2024-03-30"));
            // 13:00 CEST = 11:00 UTC; minus 12 h = 23:00 UTC on 30 March = 00:00 CET on 31 March
            assertThat(nightOfLocalStart("2024-03-31T13:00", "Europe/Berlin")).isEqualTo(date("2024-03-31"));
        }

        @Test
        void onFallBackDayTheBoundaryIsElevenOClockBecauseTwelveElapsedHoursAreSubtracted() {
            // 10:59 CET = 09:59 UTC; minus 12 h = 21:59 UTC on 26 Oct = 23:59 CEST on 26 Oct
            assertThat(nightOfLocalStart("2024-10-27T10:59", "Europe/Berlin")).isEqualTo(date("2024-10-26"));
            // 11:00 CET = 10:00 UTC; minus 12 h = 22:00 UTC on 26 Oct = 00:00 CEST on 27 Oct
            assertThat(nightOfLocalStart("2024-10-27T11:00", "Europe/Berlin")).isEqualTo(date("2024-10-27"));
        }
    }

    @Nested
    class UnusualOffsets {
        @Test
        void plusFourteenZoneUsesItsOwnDateNotUtcs() {
            // Pacific/Kiritimati is UTC+14: 01:00 on 2 June local is 11:00 UTC on 1 June; night = 1 June
            assertThat(nightOfInstant("2024-06-01T11:00:00Z", "Pacific/Kiritimati"))
                    .isEqualTo(date("2024-06-01"));
            // 12:30 on 2 June local (22:30 UTC on 1 June) opens the night of 2 June, a UTC date not yet begun
            assertThat(nightOfInstant("2024-06-01T22:30:00Z", "Pacific/Kiritimati"))
                    .isEqualTo(date("2024-06-02"));
        }

        @Test
        void minusElevenZoneUsesItsOwnDateNotUtcs() {
            // Pacific/Pago_Pago is UTC-11: 23:00 on 1 June local is 10:00 UTC on 2 June; night = 1 June
            assertThat(nightOfLocalStart("2024-06-01T23:00", "Pacific/Pago_Pago"))
                    .isEqualTo(date("2024-06-01"));
            assertThat(local("2024-06-01T23:00", "Pacific/Pago_Pago")).isEqualTo(Instant.parse("2024-06-02T10:00:00Z"));
        }

        @Test
        void halfHourZoneSwitchesNightsAtItsOwnNoon() {
            // Asia/Kolkata is UTC+5:30: local noon is 06:30 UTC
            assertThat(nightOfInstant("2024-06-01T06:29:59Z", "Asia/Kolkata")).isEqualTo(date("2024-05-31"));
            assertThat(nightOfInstant("2024-06-01T06:30:00Z", "Asia/Kolkata")).isEqualTo(date("2024-06-01"));
        }

        @Test
        void theSameInstantFallsOnDifferentNightsInDifferentZones() {
            // 22:30 UTC on 1 June is 12:30 on 2 June in Kiritimati, 04:00 on 2 June in Kolkata, 11:30 on 1 June in Pago
            // Pago
            String instant = "2024-06-01T22:30:00Z";
            assertThat(nightOfInstant(instant, "Pacific/Kiritimati")).isEqualTo(date("2024-06-02"));
            assertThat(nightOfInstant(instant, "Asia/Kolkata")).isEqualTo(date("2024-06-01"));
            assertThat(nightOfInstant(instant, "Pacific/Pago_Pago")).isEqualTo(date("2024-05-31"));
        }
    }

    @Property
    void inAZoneWithoutClockChangesTheNightIsTheStartDateFromNoonAndTheDayBeforeUntilNoon(
            @ForAll @LongRange(min = 1_577_836_800L, max = 1_893_456_000L) long epochSecond,
            @ForAll("fixedOffsetZones") String zone) {
        // given a start in 2020-2030 in a zone that never changes its clock
        Instant start = Instant.ofEpochSecond(epochSecond);
        LocalDateTime wallClock = LocalDateTime.ofInstant(start, ZoneId.of(zone));
        // then the noon-to-noon rule holds exactly
        LocalDate expected = wallClock.toLocalTime().isBefore(LocalTime.NOON)
                ? wallClock.toLocalDate().minusDays(1)
                : wallClock.toLocalDate();
        assertThat(Episode.nightOf(start, ZoneId.of(zone))).isEqualTo(expected);
    }

    @Property
    void inAnyZoneTheNightIsTheStartDateOrTheDayBefore(
            @ForAll @LongRange(min = 1_577_836_800L, max = 1_893_456_000L) long epochSecond,
            @ForAll("zonesWithClockChanges") String zone) {
        Instant start = Instant.ofEpochSecond(epochSecond);
        LocalDate startDate = LocalDate.ofInstant(start, ZoneId.of(zone));
        assertThat(Episode.nightOf(start, ZoneId.of(zone))).isIn(startDate, startDate.minusDays(1));
    }

    @Provide
    Arbitrary<String> fixedOffsetZones() {
        return Arbitraries.of("Asia/Kolkata", "Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC", "Asia/Kathmandu");
    }

    @Provide
    Arbitrary<String> zonesWithClockChanges() {
        return Arbitraries.of("Europe/Berlin", "America/New_York", "Australia/Sydney", "Australia/Lord_Howe");
    }

    @Test
    void utcOffsetOfFixedZonesIsWhatTheTestsAssume() {
        // guards the property above: these zones must not change clocks in 2020-2030
        for (String zone : new String[] {"Asia/Kolkata", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Asia/Kathmandu"}) {
            assertThat(ZoneId.of(zone).getRules().nextTransition(Instant.parse("2020-01-01T00:00:00Z")))
                    .satisfiesAnyOf(
                            t -> assertThat(t).isNull(),
                            t -> assertThat(t.getInstant()).isAfter(Instant.parse("2030-01-01T00:00:00Z")));
        }
        assertThat(ZoneId.of("Pacific/Kiritimati").getRules().getOffset(Instant.parse("2024-06-01T00:00:00Z")))
                .isEqualTo(ZoneOffset.ofHours(14));
    }
}
