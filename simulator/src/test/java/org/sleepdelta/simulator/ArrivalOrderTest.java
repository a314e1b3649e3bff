package org.sleepdelta.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.SleepRecord;

class ArrivalOrderTest {

    private static final Simulation COHORT = Cohorts.defaultCohort();

    @Test
    void eventsAreListedInArrivalOrder() {
        List<SimulatedEvent> events = COHORT.events();
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).arrival())
                    .isAfterOrEqualTo(events.get(i - 1).arrival());
        }
    }

    @Test
    void rescoredVersionsComeAfterTheirOriginalAndDeletionsAfterWhatTheyWithdraw() {
        Map<String, Integer> firstIndex = new HashMap<>();
        Map<String, Instant> firstArrival = new HashMap<>();
        List<SimulatedEvent> events = COHORT.events();
        int followUps = 0;
        for (int i = 0; i < events.size(); i++) {
            SimulatedEvent e = events.get(i);
            if (!e.isSleepRecord()) {
                continue;
            }
            String id = FinalState.identity(e.sleepRecord());
            if (e.kind() == EventKind.SLEEP_RESCORED || e.kind() == EventKind.SLEEP_DELETION) {
                assertThat(firstIndex)
                        .as(e.kind() + " of " + id + " listed before its original")
                        .containsKey(id);
                assertThat(e.arrival()).isAfter(firstArrival.get(id));
                followUps++;
            } else {
                firstIndex.put(id, i);
                firstArrival.put(id, e.arrival());
            }
        }
        assertThat(followUps)
                .isEqualTo(COHORT.counts().rescoredRecords() + COHORT.counts().deletions());
    }

    @Test
    void everySpuriousRecordIsWithdrawnSoTheFinalStateHasNone() {
        long spurious = COHORT.stream()
                .filter(e -> e.kind() == EventKind.SLEEP_SPURIOUS)
                .count();
        long deletions = COHORT.stream()
                .filter(e -> e.kind() == EventKind.SLEEP_DELETION)
                .count();
        long surviving = FinalState.of(COHORT.events()).sleepRecords().size();
        long originals =
                COHORT.stream().filter(e -> e.kind() == EventKind.SLEEP_RECORD).count();

        assertThat(spurious).isPositive().isEqualTo(deletions);
        assertThat(surviving).isEqualTo(originals);
    }

    @Test
    void sleepRecordsArriveHoursAfterWakingOrOneToFiveDaysLateWhenSyncIsDelayed() {
        int late = 0;
        int originals = 0;
        for (SimulatedEvent e : COHORT.events()) {
            if (e.kind() != EventKind.SLEEP_RECORD) {
                continue;
            }
            originals++;
            Duration delay = Duration.between(e.sleepRecord().getSleepEnd(), e.arrival());
            assertThat(delay).isBetween(Duration.ofMinutes(30), Duration.ofDays(5));
            if (delay.compareTo(Duration.ofHours(4)) > 0) {
                assertThat(delay).isGreaterThanOrEqualTo(Duration.ofDays(1));
                late++;
            }
        }
        assertThat(late).isEqualTo(COHORT.counts().lateRecords());
        assertThat((double) late / originals).as("late share").isBetween(0.08, 0.12);
    }

    @Test
    void sessionsArriveWhenTheirSlotEndsAndStatusChangesFollowThem() {
        Map<String, Instant> reported = new HashMap<>();
        for (SimulatedEvent e : COHORT.events()) {
            if (e.isSleepRecord()) {
                continue;
            }
            Instant end = e.massageSession()
                    .getStart()
                    .plus(Duration.ofMinutes(e.massageSession().getDurationMinutes()));
            String id = FinalState.identity(e.massageSession());
            if (e.kind() == EventKind.SESSION) {
                assertThat(Duration.between(end, e.arrival())).isBetween(Duration.ZERO, Duration.ofMinutes(20));
                reported.put(id, e.arrival());
            } else {
                assertThat(reported).containsKey(id);
                assertThat(e.arrival()).isAfter(reported.get(id));
            }
        }
    }

    @Test
    void someCancellationsArriveBeforeTheFirstPostNightIsReportedAndSomeAfter() {
        // Both orders must occur so the pipeline is exercised on retracting as well as on never counting.
        Map<String, Instant> firstPostNightArrival = new HashMap<>();
        for (SimulatedEvent e : COHORT.events()) {
            if (e.kind() == EventKind.SLEEP_RECORD && ContractRules.minutesInBed(e.sleepRecord()) > 150) {
                SleepRecord r = e.sleepRecord();
                firstPostNightArrival.putIfAbsent(r.getClientId() + ContractRules.nightOf(r), e.arrival());
            }
        }
        int before = 0;
        int after = 0;
        for (SimulatedEvent e : COHORT.events()) {
            if (e.kind() == EventKind.SESSION_STATUS_CHANGE) {
                MassageSession s = e.massageSession();
                LocalDate n0 = s.getStart().atZone(ZoneId.of(s.getTimezone())).toLocalDate();
                Instant night = firstPostNightArrival.get(s.getClientId() + n0);
                if (night != null && e.arrival().isBefore(night)) {
                    before++;
                } else if (night != null) {
                    after++;
                }
            }
        }
        assertThat(before).isPositive();
        assertThat(after).isPositive();
    }

    @Test
    void arrivedByReturnsExactlyTheEventsArrivedUpToTheCutoff() {
        List<SimulatedEvent> events = COHORT.events();
        Instant cutoff = events.get(events.size() / 2).arrival();

        List<SimulatedEvent> arrived = COHORT.arrivedBy(cutoff);

        assertThat(arrived).allMatch(e -> !e.arrival().isAfter(cutoff));
        assertThat(events.subList(arrived.size(), events.size()))
                .allMatch(e -> e.arrival().isAfter(cutoff));
        assertThat(COHORT.arrivedBy(Instant.EPOCH)).isEmpty();
        assertThat(COHORT.arrivedBy(Instant.MAX)).hasSameSizeAs(events);
    }
}
