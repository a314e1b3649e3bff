package org.sleepdelta.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.Modality;
import org.sleepdelta.avro.SessionStatus;

class SessionScheduleTest {

    private static final Simulation COHORT = Cohorts.defaultCohort();

    @Test
    void everyModalityGetsAReasonableNumberOfCompletedSessions() {
        Map<Modality, Integer> byModality = COHORT.counts().completedSessionsByModality();

        assertThat(byModality.keySet()).containsExactlyInAnyOrder(Modality.values());
        assertThat(byModality.values()).allMatch(n -> n >= 30);
    }

    @Test
    void everyModalityAppearsEvenInACohortOfFourteenClients() {
        // The modality deck deals every modality once per 14 courses, and every client has at least one course.
        SimulationConfig tiny = Cohorts.defaultConfig().toBuilder().clients(14).build();

        Map<Modality, Long> booked = CohortSimulator.simulate(tiny).groundTruth().clients().stream()
                .flatMap(c -> c.sessions().stream())
                .collect(Collectors.groupingBy(ScheduledSession::modality, Collectors.counting()));

        assertThat(booked.keySet()).containsExactlyInAnyOrder(Modality.values());
    }

    @Test
    void sessionsTakePlaceInDaytimeWithStandardLengths() {
        for (SimulatedEvent e : COHORT.events()) {
            if (e.isSleepRecord()) {
                continue;
            }
            MassageSession s = e.massageSession();
            ZonedDateTime start = s.getStart().atZone(ZoneId.of(s.getTimezone()));
            assertThat(start.toLocalTime()).isBetween(LocalTime.of(9, 0), LocalTime.of(18, 30));
            assertThat(start.plusMinutes(s.getDurationMinutes()).toLocalTime()).isBeforeOrEqualTo(LocalTime.of(19, 0));
            assertThat(s.getDurationMinutes()).isIn(30, 45, 60, 90);
            if (s.getModality() != Modality.SELF_ACUPRESSURE) {
                assertThat(s.getTherapistId()).startsWith(s.getClinicId() + "-t");
            }
        }
    }

    @Test
    void eachClientHasOneToThreeCoursesSeparatedByAtLeastFourWeeks() {
        for (ClientTruth c : COHORT.groundTruth().clients()) {
            List<ScheduledSession> sessions = c.sessions();
            assertThat(sessions).isNotEmpty();
            assertThat(sessions.get(sessions.size() - 1).course()).isBetween(0, 2);
            for (int i = 1; i < sessions.size(); i++) {
                ScheduledSession prev = sessions.get(i - 1);
                ScheduledSession next = sessions.get(i);
                long gap = ChronoUnit.DAYS.between(prev.firstNight(), next.firstNight());
                if (next.course() != prev.course()) {
                    assertThat(next.course()).isEqualTo(prev.course() + 1);
                    assertThat(gap).isGreaterThanOrEqualTo(SessionScheduler.MIN_COURSE_GAP_DAYS);
                } else {
                    assertThat(next.modality()).isEqualTo(prev.modality());
                    assertThat(gap).isBetween(3L, 31L);
                }
            }
        }
    }

    @Test
    void everySessionHasAFullBaselineAndPostWindowInsideThePeriod() {
        SimulationConfig config = COHORT.config();
        for (ClientTruth c : COHORT.groundTruth().clients()) {
            for (ScheduledSession s : c.sessions()) {
                assertThat(s.firstNight().minusDays(14)).isAfterOrEqualTo(config.firstNight());
                assertThat(s.firstNight().plusDays(6)).isBeforeOrEqualTo(config.lastNight());
                assertThat(s.firstNight()).isEqualTo(s.start().atZone(c.zone()).toLocalDate());
            }
        }
    }

    @Test
    void cancellationsAndNoShowsArriveAsASecondEventForTheSameSession() {
        Map<String, List<SessionStatus>> statuses = new HashMap<>();
        for (SimulatedEvent e : COHORT.events()) {
            if (!e.isSleepRecord()) {
                statuses.computeIfAbsent(FinalState.identity(e.massageSession()), k -> new ArrayList<>())
                        .add(e.massageSession().getStatus());
            }
        }
        long changed = 0;
        for (List<SessionStatus> history : statuses.values()) {
            assertThat(history.get(0)).isEqualTo(SessionStatus.COMPLETED);
            assertThat(history).hasSizeBetween(1, 2);
            if (history.size() == 2) {
                assertThat(history.get(1)).isIn(SessionStatus.CANCELLED, SessionStatus.NO_SHOW);
                changed++;
            }
        }
        assertThat((double) changed / statuses.size())
                .as("cancelled or no-show share")
                .isBetween(0.05, 0.11);
        assertThat(FinalState.of(COHORT.events()).sessions.values())
                .filteredOn(s -> s.getStatus() == SessionStatus.COMPLETED)
                .hasSize(COHORT.counts().completedSessions());
    }
}
