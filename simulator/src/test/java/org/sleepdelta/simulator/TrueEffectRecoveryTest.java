package org.sleepdelta.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.Modality;
import org.sleepdelta.avro.SleepRecord;

/**
 * Measures what the product will measure, from the delivered records alone, and checks it against the truth.
 *
 * <p>Only the first session of each course is used: its baseline holds no earlier effect, and courses are four
 * weeks apart, so these sessions are practically independent and the spread of their deltas gives an honest
 * standard error. Every check allows {@value #Z} standard errors; a fixed seed makes the outcome deterministic,
 * and the margin keeps the test passing when unrelated changes reshuffle the random draws.
 */
class TrueEffectRecoveryTest {

    private static final double Z = 4.5;
    private static final List<Metric> METRICS = List.of(
            new Metric("total sleep", SleepRecord::getTotalSleepMinutes, NightEffect::totalSleepMinutes),
            new Metric("latency", SleepRecord::getSleepLatencyMinutes, NightEffect::sleepLatencyMinutes),
            new Metric("WASO", SleepRecord::getWasoMinutes, NightEffect::wasoMinutes));

    private static Simulation cohort;
    /** Primary-source main sleep per client and night, after replacements and deletions. */
    private static final Map<String, SleepRecord> MAIN_SLEEP = new HashMap<>();
    /** Per modality and metric: observed deltas and their differences from the ground truth. */
    private static final Map<Modality, Stats[]> OBSERVED = new EnumMap<>(Modality.class);

    private static final Map<Modality, Stats[]> ERROR = new EnumMap<>(Modality.class);

    @BeforeAll
    static void measureEveryFirstSessionOfACourse() {
        cohort = CohortSimulator.simulate(
                Cohorts.defaultConfig().toBuilder().clients(3000).seed(424242).build());
        GroundTruth truth = cohort.groundTruth();
        for (SleepRecord r : FinalState.of(cohort.events()).sleepRecords()) {
            ClientTruth c = truth.client(r.getClinicId(), r.getClientId());
            if (r.getSource() == c.primarySource() && ContractRules.minutesInBed(r) > 150) {
                MAIN_SLEEP.put(key(c, ContractRules.nightOf(r)), r);
            }
        }
        for (Modality m : Modality.values()) {
            OBSERVED.put(m, new Stats[] {new Stats(), new Stats(), new Stats()});
            ERROR.put(m, new Stats[] {new Stats(), new Stats(), new Stats()});
        }
        for (ClientTruth c : truth.clients()) {
            int course = -1;
            for (ScheduledSession s : c.sessions()) {
                boolean firstOfCourse = s.course() != course;
                course = s.course();
                if (!firstOfCourse || !s.completed()) {
                    continue;
                }
                LocalDate n0 = s.firstNight();
                NightEffect expected = truth.meanEffect(c.clinicId(), c.clientId(), n0, n0.plusDays(6))
                        .minus(truth.meanEffect(c.clinicId(), c.clientId(), n0.minusDays(14), n0.minusDays(1)));
                for (int i = 0; i < METRICS.size(); i++) {
                    Metric metric = METRICS.get(i);
                    Double observed = observedDelta(c, n0, metric.value);
                    if (observed != null) {
                        OBSERVED.get(s.modality())[i].add(observed);
                        ERROR.get(s.modality())[i].add(observed - metric.truth.apply(expected));
                    }
                }
            }
        }
        for (Modality m : Modality.values()) {
            StringBuilder line = new StringBuilder(String.format("%-16s", m));
            for (int i = 0; i < METRICS.size(); i++) {
                Stats o = OBSERVED.get(m)[i];
                Stats e = ERROR.get(m)[i];
                line.append(String.format(
                        "  %s %6.2f (truth %6.2f, se %4.2f, n %d)",
                        METRICS.get(i).name, o.mean(), o.mean() - e.mean(), e.standardError(), o.n));
            }
            System.out.println(line);
        }
    }

    @Test
    void swedishSessionsRaiseTotalSleepAboveTheClientsBaselineByAboutTheConfiguredEighteenMinutes() {
        Stats tst = OBSERVED.get(Modality.SWEDISH)[0];
        Stats error = ERROR.get(Modality.SWEDISH)[0];

        assertThat(tst.mean() - error.mean()).as("truth for clean baselines").isCloseTo(18, within(1e-9));
        assertThat(error.standardError()).as("the test can tell 18 from 0").isLessThan(2.5);
        assertThat(tst.mean()).isCloseTo(18, within(Z * error.standardError()));
    }

    @Test
    void everyModalitysMeasuredChangeInSleepLatencyAndWasoMatchesItsGroundTruth() {
        for (Modality m : Modality.values()) {
            for (int i = 0; i < METRICS.size(); i++) {
                Stats error = ERROR.get(m)[i];
                assertThat(error.n).as(m + " sessions measured").isGreaterThan(150);
                assertThat(error.mean())
                        .as(m + " " + METRICS.get(i).name + " minus truth")
                        .isCloseTo(0, within(Z * error.standardError()));
            }
        }
    }

    @Test
    void theNullControlModalityShowsNoChange() {
        for (int i = 0; i < METRICS.size(); i++) {
            Stats o = OBSERVED.get(Modality.OTHER)[i];
            assertThat(o.mean())
                    .as(METRICS.get(i).name)
                    .isCloseTo(0, within(Z * ERROR.get(Modality.OTHER)[i].standardError()));
        }
    }

    @Test
    void helpfulModalitiesClearlyBeatTheHarmfulOne() {
        double sports = OBSERVED.get(Modality.SPORTS)[0].mean();
        for (Modality helpful : List.of(Modality.SWEDISH, Modality.AROMATHERAPY, Modality.DEEP_TISSUE)) {
            assertThat(OBSERVED.get(helpful)[0].mean()).as(helpful.toString()).isGreaterThan(sports + 5);
        }
    }

    /** Post mean minus baseline mean, or null without 7 baseline and 3 post values (as a product would require). */
    private static Double observedDelta(ClientTruth c, LocalDate n0, Function<SleepRecord, Double> metric) {
        Stats baseline = new Stats();
        Stats post = new Stats();
        for (int d = -14; d <= 6; d++) {
            SleepRecord r = MAIN_SLEEP.get(key(c, n0.plusDays(d)));
            Double v = r == null ? null : metric.apply(r);
            if (v != null) {
                (d < 0 ? baseline : post).add(v);
            }
        }
        return baseline.n >= 7 && post.n >= 3 ? post.mean() - baseline.mean() : null;
    }

    private static String key(ClientTruth c, LocalDate night) {
        return c.clinicId() + '|' + c.clientId() + '|' + night;
    }

    private static final class Metric {
        final String name;
        final Function<SleepRecord, Double> value;
        final Function<NightEffect, Double> truth;

        Metric(String name, Function<SleepRecord, Double> value, Function<NightEffect, Double> truth) {
            this.name = name;
            this.value = value;
            this.truth = truth;
        }
    }

    private static final class Stats {
        int n;
        double sum;
        double squares;

        void add(double x) {
            n++;
            sum += x;
            squares += x * x;
        }

        double mean() {
            return sum / n;
        }

        double standardError() {
            double variance = (squares - sum * sum / n) / (n - 1);
            return Math.sqrt(variance / n);
        }
    }
}
