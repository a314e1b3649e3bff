package org.sleepdelta.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.Modality;
import org.sleepdelta.avro.SessionStatus;
import org.sleepdelta.avro.SleepSource;

class GroundTruthTest {

    private static final LocalDate DAY = LocalDate.of(2026, 3, 2);
    private static final Map<Modality, TrueEffect> EFFECTS = TrueEffect.defaults();

    @Test
    void effectAppliesOnTheSevenNightsFromTheSessionDayAndIsZeroOutside() {
        ClientTruth c = client(30, session(DAY, Modality.SWEDISH, SessionStatus.COMPLETED));

        assertThat(c.effectOn(DAY.minusDays(1))).isEqualTo(NightEffect.NONE);
        for (int i = 0; i < 7; i++) {
            assertThat(c.effectOn(DAY.plusDays(i))).isEqualTo(new NightEffect(18, -8, -6));
        }
        assertThat(c.effectOn(DAY.plusDays(7))).isEqualTo(NightEffect.NONE);
    }

    @Test
    void overlappingWindowsTakeTheMostRecentSessionsEffectOnceInsteadOfStacking() {
        ClientTruth c = client(
                30,
                session(DAY, Modality.SWEDISH, SessionStatus.COMPLETED),
                session(DAY.plusDays(3), Modality.SPORTS, SessionStatus.COMPLETED));

        assertThat(c.effectOn(DAY.plusDays(2))).isEqualTo(new NightEffect(18, -8, -6));
        assertThat(c.effectOn(DAY.plusDays(3))).isEqualTo(new NightEffect(-5, 2, 3));
        assertThat(c.effectOn(DAY.plusDays(9))).isEqualTo(new NightEffect(-5, 2, 3));
        assertThat(c.effectOn(DAY.plusDays(10))).isEqualTo(NightEffect.NONE);
    }

    @Test
    void cancelledAndNoShowSessionsHaveNoEffectAndDoNotHideAnEarlierCompletedOne() {
        ClientTruth c = client(
                30,
                session(DAY, Modality.SWEDISH, SessionStatus.COMPLETED),
                session(DAY.plusDays(3), Modality.SPORTS, SessionStatus.CANCELLED),
                session(DAY.plusDays(20), Modality.SPORTS, SessionStatus.NO_SHOW));

        assertThat(c.effectOn(DAY.plusDays(4))).isEqualTo(new NightEffect(18, -8, -6));
        assertThat(c.effectOn(DAY.plusDays(20))).isEqualTo(NightEffect.NONE);
    }

    @Test
    void aShiftIsCappedWhenTheClientsOwnMeanCannotFallThatFar() {
        // Mean latency 8 min cannot drop by 10 (AROMATHERAPY); the applied and reported shift stops at a 2-min mean.
        ClientTruth c = client(8, session(DAY, Modality.AROMATHERAPY, SessionStatus.COMPLETED));

        assertThat(c.effectOn(DAY).sleepLatencyMinutes()).isEqualTo(-6);
        assertThat(c.effectOn(DAY).totalSleepMinutes()).isEqualTo(20);
    }

    @Test
    void meanEffectAveragesTheShiftOverANightRange() {
        GroundTruth truth =
                new GroundTruth(List.of(client(30, session(DAY, Modality.SWEDISH, SessionStatus.COMPLETED))));

        NightEffect week = truth.meanEffect("clinic-x", "c0001", DAY, DAY.plusDays(6));
        NightEffect fortnight = truth.meanEffect("clinic-x", "c0001", DAY.minusDays(7), DAY.plusDays(6));

        assertThat(week).isEqualTo(new NightEffect(18, -8, -6));
        assertThat(fortnight.totalSleepMinutes()).isCloseTo(9, within(1e-9));
        assertThat(truth.effectOn("clinic-x", "c0001", DAY.minusDays(1))).isEqualTo(NightEffect.NONE);
        assertThatThrownBy(() -> truth.effectOn("clinic-x", "c9999", DAY)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void simulatedCohortHasNoEffectOutsideCompletedSessionWindows() {
        Simulation s = Cohorts.defaultCohort();
        int inside = 0;
        for (ClientTruth c : s.groundTruth().clients()) {
            for (LocalDate n = s.config().firstNight(); !n.isAfter(s.config().lastNight()); n = n.plusDays(1)) {
                boolean covered = false;
                for (ScheduledSession x : c.sessions()) {
                    covered |= x.completed()
                            && !n.isBefore(x.firstNight())
                            && !n.isAfter(x.firstNight().plusDays(6));
                }
                NightEffect e = s.effectOn(c.clinicId(), c.clientId(), n);
                if (!covered) {
                    assertThat(e).as(c.clientId() + " " + n).isEqualTo(NightEffect.NONE);
                } else {
                    inside++;
                }
            }
        }
        assertThat(inside).isGreaterThan(5000);
    }

    @Property(tries = 200)
    void effectOnAnyNightIsNoneOrTheEffectOfTheLatestCompletedSessionWithinSixNights(
            @ForAll @Size(max = 8) List<@IntRange(min = 0, max = 60) Integer> sessionDays,
            @ForAll @Size(max = 8) List<Boolean> completed,
            @ForAll @IntRange(min = -5, max = 70) int nightOffset) {
        List<ScheduledSession> sessions = new ArrayList<>();
        Modality[] modalities = Modality.values();
        sessionDays.stream()
                .sorted()
                .distinct()
                .forEach(d -> sessions.add(session(
                        DAY.plusDays(d),
                        modalities[d % modalities.length],
                        sessions.size() < completed.size() && !completed.get(sessions.size())
                                ? SessionStatus.CANCELLED
                                : SessionStatus.COMPLETED)));
        ClientTruth c = client(30, sessions.toArray(new ScheduledSession[0]));
        LocalDate night = DAY.plusDays(nightOffset);

        ScheduledSession latest = null;
        for (ScheduledSession s : sessions) {
            if (s.completed() && !s.firstNight().isAfter(night)) {
                latest = s;
            }
        }
        NightEffect expected = latest == null || latest.firstNight().plusDays(6).isBefore(night)
                ? NightEffect.NONE
                : c.appliedEffects().get(latest.modality());
        assertThat(c.effectOn(night)).isEqualTo(expected);
    }

    private static ClientTruth client(double latencyMean, ScheduledSession... sessions) {
        ClientProfile p = new ClientProfile(
                0,
                "c0001",
                new Clinic("clinic-x", ZoneId.of("UTC")),
                SleepSource.OURA,
                null,
                23 * 60,
                20,
                30,
                420,
                40,
                0.3,
                latencyMean,
                30,
                8,
                2,
                0.18,
                0.22,
                60,
                50,
                0);
        return ClientTruth.of(p, List.of(sessions), EFFECTS);
    }

    private static ScheduledSession session(LocalDate day, Modality modality, SessionStatus status) {
        return new ScheduledSession(
                "c0001-s" + day.getDayOfYear(),
                0,
                modality,
                day,
                day.atTime(10, 0).atZone(ZoneId.of("UTC")).toInstant(),
                60,
                "clinic-x-t01",
                null,
                status);
    }
}
