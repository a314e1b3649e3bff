package org.sleepdelta.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.time.Month;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.Modality;
import org.sleepdelta.avro.SleepRecord;

/**
 * Each {@link HardCases} switch shows its effect when on and is off by default (issue 9, item 6). The cohorts have
 * no irregularities and, where the switch is about sleep rather than effects, no session effects, so every
 * delivered record is the recording device's main sleep and what is measured is the switch alone.
 */
class HardCasesTest {

    private static final LocalDate LAST = Cohorts.LAST_NIGHT;

    // --- defaults ---------------------------------------------------------------------------------------------

    @Test
    void noHardCaseIsTheDefaultAndLeavesTheOutputAsItWas() {
        SimulationConfig plain = Cohorts.defaultConfig().toBuilder().clients(40).build();
        SimulationConfig explicit =
                plain.toBuilder().hardCases(HardCases.none()).build();
        // Switches explicitly off, and an offset that only matters once a device changes.
        SimulationConfig zeroes = plain.toBuilder()
                .hardCases(HardCases.defaults()
                        .withTotalSleepAutocorrelation(null)
                        .withBookAfterWorstWeek(0)
                        .withSeasonalDriftMinutes(0)
                        .withDeviceChangeMidCourse(0)
                        .withDeviceChangeOffsetMinutes(-30))
                .build();

        assertThat(Cohorts.defaultConfig().hardCases())
                .isEqualTo(HardCases.none())
                .isEqualTo(HardCases.defaults());
        assertThat(HardCases.none().isNone()).isTrue();
        assertThat(explicit).isEqualTo(plain);
        String expected = DefaultOutputGoldenTest.sha256(CohortSimulator.simulate(plain));
        assertThat(DefaultOutputGoldenTest.sha256(CohortSimulator.simulate(explicit)))
                .isEqualTo(expected);
        assertThat(DefaultOutputGoldenTest.sha256(CohortSimulator.simulate(zeroes)))
                .isEqualTo(expected);
        for (ClientTruth c : Cohorts.defaultCohort().groundTruth().clients()) {
            assertThat(c.booksAfterWorstWeek()).isFalse();
            assertThat(c.deviceChangeNight()).isNull();
            assertThat(c.seasonalDriftMinutes()).isZero();
        }
    }

    @Test
    void rejectsSwitchesOutOfRange() {
        assertThatThrownBy(() -> HardCases.none().withBookAfterWorstWeek(1.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HardCases.none().withDeviceChangeMidCourse(-0.1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HardCases.none().withTotalSleepAutocorrelation(1.0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HardCases.none().withSeasonalDriftMinutes(-1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() ->
                        Cohorts.defaultConfig().toBuilder().hardCases(null).build())
                .isInstanceOf(NullPointerException.class);
    }

    // --- 1. autocorrelation -------------------------------------------------------------------------------------

    @Test
    void autocorrelationSwitchSetsEveryClientsLagOneCorrelationAndKeepsTheSpread() {
        double[] fixed04 = lagOneAndSd(plain(300, 200, HardCases.none().withTotalSleepAutocorrelation(0.4)));
        double[] fixed0 = lagOneAndSd(plain(300, 200, HardCases.none().withTotalSleepAutocorrelation(0.0)));
        double[] profiles = lagOneAndSd(plain(300, 200, HardCases.none()));
        System.out.printf(
                "autocorrelation: phi=0.4 -> r=%.4f sd=%.2f; phi=0 -> r=%.4f sd=%.2f; profiles -> r=%.4f sd=%.2f%n",
                fixed04[0], fixed04[1], fixed0[0], fixed0[1], profiles[0], profiles[1]);

        assertThat(fixed04[0]).isCloseTo(0.4, within(0.05));
        assertThat(fixed0[0]).isCloseTo(0.0, within(0.05));
        // Off: the profiles' own coefficients, drawn from 0.2-0.5.
        assertThat(profiles[0]).isBetween(0.25, 0.45);
        // The stationary SD is the profile's whatever the coefficient.
        assertThat(fixed04[1]).isCloseTo(fixed0[1], within(0.05 * fixed0[1]));
        assertThat(profiles[1]).isCloseTo(fixed0[1], within(0.05 * fixed0[1]));
    }

    /** Pooled lag-1 autocorrelation of observed total sleep after removing each client's mean, and pooled SD. */
    private static double[] lagOneAndSd(Simulation s) {
        double cross = 0;
        double squares = 0;
        long n = 0;
        for (NavigableMap<LocalDate, Double> nights : observedTotalSleep(s).values()) {
            double mean = nights.values().stream()
                    .mapToDouble(Double::doubleValue)
                    .average()
                    .orElseThrow();
            Double previous = null;
            LocalDate previousNight = null;
            for (Map.Entry<LocalDate, Double> e : nights.entrySet()) {
                double x = e.getValue() - mean;
                squares += x * x;
                n++;
                if (previous != null && previousNight.plusDays(1).equals(e.getKey())) {
                    cross += previous * x;
                }
                previous = x;
                previousNight = e.getKey();
            }
        }
        return new double[] {cross / squares, Math.sqrt(squares / n)};
    }

    // --- 2. booking after the worst week ------------------------------------------------------------------------

    @Test
    void bookingAfterTheWorstWeekLowersThePreWeekButNotTheReferenceBaseline() {
        Simulation worst = plain(300, 200, HardCases.none().withBookAfterWorstWeek(1));
        Simulation never = plain(300, 200, HardCases.none());
        double[] w = preWeekAndReference(worst);
        double[] n = preWeekAndReference(never);
        System.out.printf(
                "worst week: pre-week minus client mean %.2f (off: %.2f); reference N0-42..N0-15 %.2f (off: %.2f);"
                        + " first sessions of courses: pre %.2f, reference %.2f; %d sessions%n",
                w[0], n[0], w[1], n[1], w[2], w[3], (long) w[4]);

        assertThat(w[2]).as("before a course's first session").isLessThan(-10);
        assertThat(n[0]).isCloseTo(0, within(3.0));
        assertThat(w[1]).isCloseTo(0, within(3.0));
        assertThat(n[1]).isCloseTo(0, within(3.0));
        assertThat(worst.groundTruth().clients()).allMatch(ClientTruth::booksAfterWorstWeek);
        assertThat(never.groundTruth().clients()).noneMatch(ClientTruth::booksAfterWorstWeek);
    }

    @Test
    void aBadWeekIsPassingAndNoSessionsDoing() {
        HardCases hard = HardCases.none().withBookAfterWorstWeek(1);
        Simulation worst = CohortSimulator.simulate(SimulationConfig.builder(LAST)
                .clients(60)
                .rates(SimulationRates.none())
                .hardCases(hard)
                .build());
        Simulation usual = CohortSimulator.simulate(
                worst.config().toBuilder().hardCases(HardCases.none()).build());
        Map<String, NavigableMap<LocalDate, Double>> observed = observedTotalSleep(worst);
        Map<String, NavigableMap<LocalDate, Double>> withoutBadWeeks = observedTotalSleep(usual);
        int badNights = 0;
        for (int i = 0; i < worst.groundTruth().clients().size(); i++) {
            ClientTruth c = worst.groundTruth().clients().get(i);
            assertThat(c.sessions())
                    .as("sessions keep their dates")
                    .isEqualTo(usual.groundTruth().clients().get(i).sessions());
            assertThat(c.badWeekMinutes()).isBetween(15.0, 60.0);
            for (LocalDate n = worst.config().firstNight();
                    !n.isAfter(worst.config().lastNight());
                    n = n.plusDays(1)) {
                LocalDate night = n;
                boolean inABadWeek = courseOpeners(c).stream()
                        .anyMatch(s -> night.isBefore(s.firstNight())
                                && !night.isBefore(s.firstNight().minusDays(HardCases.BAD_WEEK_NIGHTS)));
                double diff = observed.get(key(c)).get(n)
                        - withoutBadWeeks.get(key(c)).get(n);
                // Recorded = rounded(mean + shift + noise) with the same noise: the difference is the dip, +-1.
                assertThat(diff)
                        .as(c.clientId() + " " + n)
                        .isCloseTo(inABadWeek ? -c.badWeekMinutes() : 0, within(1.0));
                assertThat(c.badWeekDipOn(n)).isEqualTo(inABadWeek ? -c.badWeekMinutes() : 0);
                assertThat(worst.groundTruth().effectOn(c.clinicId(), c.clientId(), n))
                        .as("not a session effect")
                        .isEqualTo(usual.groundTruth().effectOn(c.clinicId(), c.clientId(), n));
                badNights += inABadWeek ? 1 : 0;
            }
        }
        assertThat(badNights).isGreaterThan(500);
    }

    /** The first session of each course, in order. */
    private static List<ScheduledSession> courseOpeners(ClientTruth c) {
        List<ScheduledSession> openers = new ArrayList<>();
        for (int k = 0; k < c.sessions().size(); k++) {
            if (k == 0
                    || c.sessions().get(k).course() != c.sessions().get(k - 1).course()) {
                openers.add(c.sessions().get(k));
            }
        }
        return openers;
    }

    /**
     * Means over sessions of: (mean observed total sleep of N0-7..N0-1) minus the client's mean over all nights,
     * the same for N0-42..N0-15 (when inside the period), the two for the first session of each course alone, and
     * the number of sessions.
     */
    private static double[] preWeekAndReference(Simulation s) {
        Map<String, NavigableMap<LocalDate, Double>> observed = observedTotalSleep(s);
        Stats pre = new Stats();
        Stats ref = new Stats();
        Stats firstPre = new Stats();
        Stats firstRef = new Stats();
        for (ClientTruth c : s.groundTruth().clients()) {
            NavigableMap<LocalDate, Double> nights = observed.get(key(c));
            double clientMean = nights.values().stream()
                    .mapToDouble(Double::doubleValue)
                    .average()
                    .orElseThrow();
            int course = -1;
            for (ScheduledSession x : c.sessions()) {
                boolean firstOfCourse = x.course() != course;
                course = x.course();
                LocalDate n0 = x.firstNight();
                double p = mean(nights, n0.minusDays(7), n0.minusDays(1)) - clientMean;
                pre.add(p);
                if (firstOfCourse) {
                    firstPre.add(p);
                }
                if (!n0.minusDays(42).isBefore(s.config().firstNight())) {
                    double r = mean(nights, n0.minusDays(42), n0.minusDays(15)) - clientMean;
                    ref.add(r);
                    if (firstOfCourse) {
                        firstRef.add(r);
                    }
                }
            }
        }
        return new double[] {pre.mean(), ref.mean(), firstPre.mean(), firstRef.mean(), pre.n};
    }

    // --- 3. seasonal drift --------------------------------------------------------------------------------------

    @Test
    void seasonalDriftMovesEveryonesMeanWithTheDayOfTheYearButIsNoSessionEffect() {
        double amplitude = 20;
        LocalDate newYearsEve = LocalDate.of(2026, 12, 31);
        Simulation drift = CohortSimulator.simulate(year(newYearsEve)
                .hardCases(HardCases.none().withSeasonalDriftMinutes(amplitude))
                .build());
        Simulation still = CohortSimulator.simulate(year(newYearsEve).build());
        Map<String, NavigableMap<LocalDate, Double>> d = observedTotalSleep(drift);
        Map<String, NavigableMap<LocalDate, Double>> s = observedTotalSleep(still);
        ClientTruth someone = drift.groundTruth().clients().get(0);

        // sin(2 pi d / 365.25) peaks at the start of April and bottoms out at the start of October.
        double aprilMinusOctober = monthMean(d, Month.APRIL) - monthMean(d, Month.OCTOBER);
        double juneMinusDecember = monthMean(d, Month.JUNE) - monthMean(d, Month.DECEMBER);
        double trueAprilMinusOctober =
                monthDrift(drift, someone, Month.APRIL) - monthDrift(drift, someone, Month.OCTOBER);
        double trueJuneMinusDecember =
                monthDrift(drift, someone, Month.JUNE) - monthDrift(drift, someone, Month.DECEMBER);
        double stillAprilMinusOctober = monthMean(s, Month.APRIL) - monthMean(s, Month.OCTOBER);
        System.out.printf(
                "drift A=%.0f: April-October observed %.2f (truth %.2f, off: %.2f);"
                        + " June-December observed %.2f (truth %.2f)%n",
                amplitude,
                aprilMinusOctober,
                trueAprilMinusOctober,
                stillAprilMinusOctober,
                juneMinusDecember,
                trueJuneMinusDecember);

        // A month's mean of the sine is a little below its peak: about 0.96 A.
        assertThat(trueAprilMinusOctober).isCloseTo(2 * amplitude, within(0.1 * 2 * amplitude));
        assertThat(aprilMinusOctober).isCloseTo(trueAprilMinusOctober, within(3.0));
        assertThat(juneMinusDecember).isCloseTo(trueJuneMinusDecember, within(3.0));
        assertThat(stillAprilMinusOctober).isCloseTo(0, within(3.0));
        // The drift is common to all clients and is not a session effect.
        for (ClientTruth c : drift.groundTruth().clients()) {
            assertThat(drift.groundTruth().meanDrift(c.clinicId(), c.clientId(), first(Month.APRIL), last(Month.APRIL)))
                    .isCloseTo(monthDrift(drift, someone, Month.APRIL), within(1e-12));
            assertThat(c.driftOn(LocalDate.of(2026, 4, 1))).isCloseTo(amplitude, within(0.01 * amplitude));
        }
        for (LocalDate n = LocalDate.of(2026, 1, 1); !n.isAfter(newYearsEve); n = n.plusDays(1)) {
            assertThat(drift.effectOn(someone.clinicId(), someone.clientId(), n))
                    .isEqualTo(NightEffect.NONE);
        }
        ClientTruth unmoved = still.groundTruth().clients().get(0);
        assertThat(still.groundTruth()
                        .meanDrift(unmoved.clinicId(), unmoved.clientId(), first(Month.APRIL), newYearsEve))
                .isZero();
    }

    @Test
    void seasonalDriftLeavesSessionsAndTheirEffectsAlone() {
        SimulationConfig base = Cohorts.defaultConfig().toBuilder().clients(40).build();
        Simulation drift = CohortSimulator.simulate(base.toBuilder()
                .hardCases(HardCases.none().withSeasonalDriftMinutes(15))
                .build());
        Simulation still = CohortSimulator.simulate(base);
        for (int i = 0; i < 40; i++) {
            ClientTruth a = drift.groundTruth().clients().get(i);
            ClientTruth b = still.groundTruth().clients().get(i);
            assertThat(a.sessions()).isEqualTo(b.sessions());
            LocalDate from = base.firstNight();
            LocalDate to = base.lastNight();
            assertThat(drift.groundTruth().meanEffect(a.clinicId(), a.clientId(), from, to))
                    .isEqualTo(still.groundTruth().meanEffect(b.clinicId(), b.clientId(), from, to));
        }
    }

    private static SimulationConfig.Builder year(LocalDate lastNight) {
        return SimulationConfig.builder(lastNight)
                .clients(300)
                .nights(365)
                .rates(SimulationRates.none())
                .effects(zeroEffects());
    }

    private static LocalDate first(Month m) {
        return LocalDate.of(2026, m, 1);
    }

    private static LocalDate last(Month m) {
        return first(m).plusMonths(1).minusDays(1);
    }

    private static double monthDrift(Simulation s, ClientTruth c, Month m) {
        return s.groundTruth().meanDrift(c.clinicId(), c.clientId(), first(m), last(m));
    }

    /** Mean over clients and nights of the month, of observed total sleep. */
    private static double monthMean(Map<String, NavigableMap<LocalDate, Double>> observed, Month m) {
        Stats s = new Stats();
        for (NavigableMap<LocalDate, Double> nights : observed.values()) {
            nights.subMap(first(m), true, last(m), true).values().forEach(s::add);
        }
        return s.mean();
    }

    // --- 4. device change ---------------------------------------------------------------------------------------

    @Test
    void aDeviceChangeMidCourseShiftsTheRecordsButNotTheTruth() {
        HardCases change = HardCases.none().withDeviceChangeMidCourse(1);
        Simulation changed = plain(200, 120, change, TrueEffect.defaults());
        Simulation kept = plain(200, 120, HardCases.none(), TrueEffect.defaults());
        Map<String, SleepRecord> keptByNight = byClientAndNight(kept);
        Set<String> keptIds = new HashSet<>();
        kept.sleepRecords().forEach(r -> keptIds.add(r.getSourceRecordId()));

        int clientsChanged = 0;
        int after = 0;
        int before = 0;
        for (ClientTruth c : changed.groundTruth().clients()) {
            ClientTruth k = kept.groundTruth().client(c.clinicId(), c.clientId());
            assertThat(c.sessions()).isEqualTo(k.sessions());
            assertThat(c.appliedEffects()).isEqualTo(k.appliedEffects());
            LocalDate night = changed.groundTruth().deviceChangeNight(c.clinicId(), c.clientId());
            List<LocalDate> days = c.sessions().stream()
                    .map(ScheduledSession::firstNight)
                    .distinct()
                    .toList();
            if (days.size() < 2) {
                assertThat(night).as("no middle to change in").isNull();
                continue;
            }
            clientsChanged++;
            assertThat(night).isAfter(days.get(0)).isBeforeOrEqualTo(days.get(days.size() - 1));
            assertThat(c.replacementSource()).isNotNull().isNotEqualTo(c.primarySource());
            assertThat(c.deviceChangeOffsetMinutes()).isEqualTo(HardCases.DEFAULT_DEVICE_CHANGE_OFFSET_MINUTES);
            assertThat(changed.groundTruth().readingOffset(c.clinicId(), c.clientId(), night.minusDays(1)))
                    .isZero();
            assertThat(changed.groundTruth().readingOffset(c.clinicId(), c.clientId(), night))
                    .isEqualTo(12);
        }
        for (SleepRecord r : changed.sleepRecords()) {
            ClientTruth c = changed.groundTruth().client(r.getClinicId(), r.getClientId());
            LocalDate n = ContractRules.nightOf(r);
            SleepRecord truthRecord = keptByNight.get(r.getClientId() + "/" + n);
            double offset = changed.groundTruth().readingOffset(c.clinicId(), c.clientId(), n);
            // The kept device reads the truth, so recorded minus true total sleep is the reading offset.
            assertThat(r.getTotalSleepMinutes() - truthRecord.getTotalSleepMinutes())
                    .as(r.getClientId() + " " + n)
                    .isEqualTo(offset);
            assertThat(r.getSleepStart()).isEqualTo(truthRecord.getSleepStart());
            if (c.replacedOn(n)) {
                assertThat(r.getSource()).isEqualTo(c.replacementSource());
                assertThat(keptIds.contains(r.getSourceRecordId()))
                        .as("new source, new ids")
                        .isFalse();
                assertThat(ContractRules.minutesInBed(r) - ContractRules.minutesInBed(truthRecord))
                        .isEqualTo(12);
                after++;
            } else {
                assertThat(r.getSource()).isEqualTo(c.primarySource());
                assertThat(r.getSourceRecordId()).isEqualTo(truthRecord.getSourceRecordId());
                assertThat(r).isEqualTo(truthRecord);
                before++;
            }
        }
        System.out.printf(
                "device change: %d of %d clients changed; %d records after, %d before%n",
                clientsChanged, changed.groundTruth().clients().size(), after, before);
        assertThat(clientsChanged).isGreaterThan(100);
        assertThat(after).isGreaterThan(2000);
        assertThat(kept.groundTruth().clients()).allMatch(c -> c.deviceChangeNight() == null);
        assertThat(kept.groundTruth().clients()).allMatch(c -> c.readingOffsetOn(LAST) == 0);
    }

    // --- all at once --------------------------------------------------------------------------------------------

    @Test
    void everySwitchAtOnceWithTheDefaultMessStillYieldsValidDeterministicRecords() {
        SimulationConfig all = Cohorts.defaultConfig().toBuilder()
                .clients(80)
                .hardCases(new HardCases(0.6, 0.5, 25, 0.5, -9))
                .build();
        Simulation a = CohortSimulator.simulate(all);
        Simulation b = CohortSimulator.simulate(all);

        assertThat(DefaultOutputGoldenTest.sha256(b)).isEqualTo(DefaultOutputGoldenTest.sha256(a));
        for (SimulatedEvent e : a.events()) {
            if (e.isSleepRecord()) {
                assertThat(ContractRules.problems(e.sleepRecord()))
                        .as(e.toString())
                        .isEmpty();
            }
        }
        long worst = a.groundTruth().clients().stream()
                .filter(ClientTruth::booksAfterWorstWeek)
                .count();
        long changes = a.groundTruth().clients().stream()
                .filter(c -> c.deviceChangeNight() != null)
                .count();
        assertThat(worst).isBetween(20L, 60L);
        assertThat(changes).isBetween(15L, 60L);
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private static Simulation plain(int clients, int nights, HardCases hard) {
        return plain(clients, nights, hard, zeroEffects());
    }

    /** No irregularities: every night recorded exactly once by the recording device, nothing else. */
    private static Simulation plain(int clients, int nights, HardCases hard, Map<Modality, TrueEffect> effects) {
        return CohortSimulator.simulate(SimulationConfig.builder(LAST)
                .clients(clients)
                .nights(nights)
                .rates(SimulationRates.none())
                .effects(effects)
                .hardCases(hard)
                .build());
    }

    private static Map<Modality, TrueEffect> zeroEffects() {
        Map<Modality, TrueEffect> none = new EnumMap<>(Modality.class);
        for (Modality m : Modality.values()) {
            none.put(m, TrueEffect.NONE);
        }
        return none;
    }

    private static String key(ClientTruth c) {
        return c.clinicId() + "/" + c.clientId();
    }

    /** Per client, recorded total sleep per night (the cohorts here have one record per client-night). */
    private static Map<String, NavigableMap<LocalDate, Double>> observedTotalSleep(Simulation s) {
        Map<String, NavigableMap<LocalDate, Double>> out = new HashMap<>();
        for (SleepRecord r : s.sleepRecords()) {
            NavigableMap<LocalDate, Double> nights =
                    out.computeIfAbsent(r.getClinicId() + "/" + r.getClientId(), k -> new TreeMap<>());
            assertThat(nights.put(ContractRules.nightOf(r), r.getTotalSleepMinutes()))
                    .as("one record per night")
                    .isNull();
        }
        return out;
    }

    private static Map<String, SleepRecord> byClientAndNight(Simulation s) {
        Map<String, SleepRecord> out = new HashMap<>();
        for (SleepRecord r : s.sleepRecords()) {
            out.put(r.getClientId() + "/" + ContractRules.nightOf(r), r);
        }
        return out;
    }

    private static double mean(NavigableMap<LocalDate, Double> nights, LocalDate from, LocalDate to) {
        Stats s = new Stats();
        nights.subMap(from, true, to, true).values().forEach(s::add);
        assertThat(s.n).isEqualTo(to.toEpochDay() - from.toEpochDay() + 1);
        return s.mean();
    }

    private static final class Stats {
        long n;
        double sum;

        void add(double x) {
            n++;
            sum += x;
        }

        double mean() {
            return sum / n;
        }
    }
}
