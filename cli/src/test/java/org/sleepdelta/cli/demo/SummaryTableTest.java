package org.sleepdelta.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.MetricWindow;
import org.sleepdelta.avro.Modality;
import org.sleepdelta.simulator.NightEffect;
import org.sleepdelta.simulator.TrueEffect;

class SummaryTableTest {
    private static final Estimate NONE = new Estimate(Double.NaN, Double.NaN, Double.NaN, 0, 0);
    private static final LocalDate N0 = LocalDate.of(2026, 3, 2);
    /** Hand-built truth: every SWEDISH window gained 12 minutes of sleep, nothing else changed. */
    private static final CohortSummary.Truth TRUTH =
            row -> row.modality() == Modality.SWEDISH ? new NightEffect(12, -4, 0) : NightEffect.NONE;

    @Test
    void aGroupFromASingleClientHasNoIntervalAndIsNeitherRecoveredNorMissed() {
        List<CohortSummary.Row> rows = List.of(
                row(Modality.SWEDISH, new Estimate(10, 4, 16, 30, 12), 9), // inside
                row(Modality.SHIATSU, new Estimate(10, 4, 16, 30, 12), 20), // outside
                row(Modality.THAI, new Estimate(7, Double.NaN, Double.NaN, 3, 1), 5)); // one client

        String printed = print(rows);

        assertThat(printed)
                .contains("recovered (true value inside the 95% CI): 1 of 2 modalities "
                        + "(1 more with sessions from a single client: no interval)");
        assertThat(line(printed, "SWEDISH")).contains("  ok");
        assertThat(line(printed, "SHIATSU")).contains("  MISS");
        assertThat(line(printed, "THAI")).contains("  1 client").doesNotContain("MISS");
    }

    @Test
    void whenEveryGroupHasAnIntervalTheLineSaysNothingMore() {
        String printed = print(List.of(row(Modality.SWEDISH, new Estimate(10, 4, 16, 30, 12), 9)));

        assertThat(printed).contains("recovered (true value inside the 95% CI): 1 of 1 modalities\n");
    }

    @Test
    void eachRowShowsTheTruthTheWindowsIntervalAdjustedChangeAndBothDefinitionsShares() {
        // given: four SWEDISH week-1 windows of two clients, by definition 2
        List<SessionChange> metrics = List.of(
                change(Modality.SWEDISH, "c1", 20.0, 8.0, true, true, 14.0),
                change(Modality.SWEDISH, "c1", 16.0, 12.0, false, true, 10.0), // over the threshold, spans zero
                change(Modality.SWEDISH, "c2", 10.0, 8.0, false, false, 6.0),
                change(Modality.SWEDISH, "c2", 6.0, 4.0, false, false, 2.0));

        // when
        List<String> lines = SummaryTable.lines(metrics, TRUTH, TrueEffect.defaults());

        // then
        CohortSummary.Row row = CohortSummary.compute(metrics, TRUTH).get(0);
        assertThat(row.expectedTotalSleep()).isEqualTo(12);
        assertThat(row.halfWidth()).isCloseTo(8, within(1e-12));
        assertThat(row.adjustedTotalSleep()).isCloseTo(8, within(1e-12));
        assertThat(row.judged()).isEqualTo(4);
        assertThat(row.meaningfulShare()).isEqualTo(0.25);
        assertThat(row.thresholdShare()).isEqualTo(0.5);
        assertThat(String.join("\n", lines))
                .contains("'adjusted Δ' = mean change against the nights 42..15 before the session");
        assertThat(lines)
                .filteredOn(l -> l.startsWith("modality "))
                .singleElement()
                .satisfies(header -> assertThat(header)
                        .containsSubsequence(
                                "total sleep Δ min [95% CI]",
                                "true", "± window", "adjusted Δ", "meaningful", "threshold"));
        assertThat(lines)
                .filteredOn(l -> l.startsWith("SWEDISH "))
                .singleElement()
                .satisfies(l -> assertThat(l.split("\\s+"))
                        .containsSubsequence("+13.0", "+12.0", "8.0", "+8.0", "25.0%", "50.0%", "TST"));
    }

    @Test
    void aDefinitionOneWindowCountsForTheThresholdShareButIsNotJudgedMeaningful() {
        SessionChange v1 = new SessionChange(
                "clinic-a",
                "c1",
                Modality.SWEDISH,
                MetricWindow.WEEK_1,
                N0,
                N0.plusDays(6),
                N0.minusDays(14),
                N0.minusDays(1),
                20.0,
                true,
                null,
                null,
                null,
                true,
                null,
                1);

        CohortSummary.Row row = CohortSummary.compute(List.of(v1), TRUTH).get(0);

        assertThat(row.judged()).isZero();
        assertThat(row.meaningfulShare()).isNaN();
        assertThat(row.thresholdShare()).isEqualTo(1);
        assertThat(row.halfWidth()).isNaN();
        assertThat(line(print(List.of(row)), "SWEDISH").split("\\s+")).containsSubsequence("-", "-", "-", "100.0%");
    }

    @Test
    void otherWithFewFlagsAndAnIntervalAroundZeroIsConsistentWithNoEffect() {
        // 1 of 40 windows flagged (2.5 %), changes spread around zero over eight clients
        List<SessionChange> metrics = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            double delta = (i % 5 - 2) * 3.0;
            metrics.add(change(Modality.OTHER, "c" + i % 8, delta, 20.0, i == 0, i == 0, delta));
        }

        List<String> lines = SummaryTable.lines(metrics, TRUTH, TrueEffect.defaults());

        assertThat(lines.get(lines.size() - 1))
                .startsWith("OTHER (no true effect), WEEK_1: 2.5 % of 40 windows flagged meaningful"
                        + " (chance alone: up to 2.5 %), mean total sleep Δ +0.0 [")
                .endsWith(" min — consistent with no effect");
    }

    @Test
    void otherWithManyFlagsIsNotConsistentWithNoEffect() {
        // 12 of 40 flagged: far more than chance, although the mean is near zero
        List<SessionChange> metrics = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            double delta = (i % 5 - 2) * 3.0;
            metrics.add(change(Modality.OTHER, "c" + i % 8, delta, 20.0, i < 12, i < 12, delta));
        }

        List<String> lines = SummaryTable.lines(metrics, TRUTH, TrueEffect.defaults());

        assertThat(lines.get(lines.size() - 1))
                .contains("30.0 % of 40 windows flagged meaningful")
                .endsWith("— not consistent with no effect");
    }

    @Test
    void otherWithAnIntervalAwayFromZeroIsNotConsistentWithNoEffect() {
        List<SessionChange> metrics = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            metrics.add(change(Modality.OTHER, "c" + i % 8, 30.0 + i % 3, 40.0, false, true, 30.0));
        }

        List<String> lines = SummaryTable.lines(metrics, TRUTH, TrueEffect.defaults());

        assertThat(lines.get(lines.size() - 1))
                .contains("0.0 % of 40 windows flagged meaningful")
                .endsWith("— not consistent with no effect");
    }

    @Test
    void otherWithoutDefinitionTwoWindowsIsJudgedByItsIntervalAlone() {
        List<SessionChange> metrics = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            metrics.add(new SessionChange(
                    "clinic-a",
                    "c" + i % 4,
                    Modality.OTHER,
                    MetricWindow.WEEK_1,
                    N0,
                    N0.plusDays(6),
                    N0.minusDays(14),
                    N0.minusDays(1),
                    (i % 3 - 1) * 5.0,
                    false,
                    null,
                    null,
                    null,
                    false,
                    null,
                    1));
        }

        List<String> lines = SummaryTable.lines(metrics, TRUTH, Map.of());

        assertThat(lines.get(lines.size() - 1))
                .startsWith("OTHER (no true effect), WEEK_1: no window judged by definition 2 yet, mean total sleep Δ")
                .endsWith("— consistent with no effect");
    }

    @Test
    void withoutOtherThereIsNoSuchLine() {
        List<String> lines = SummaryTable.lines(
                List.of(change(Modality.SWEDISH, "c1", 20.0, 8.0, true, true, 14.0)), TRUTH, Map.of());

        assertThat(lines).noneMatch(l -> l.startsWith("OTHER"));
        assertThat(lines.get(lines.size() - 1)).startsWith("WEEK_1 total-sleep effects recovered");
    }

    @Test
    void wilsonLowerBoundMatchesATable() {
        assertThat(SummaryTable.wilsonLow(0, 40)).isZero();
        assertThat(SummaryTable.wilsonLow(1, 40)).isCloseTo(0.00443, within(1e-4));
        assertThat(SummaryTable.wilsonLow(12, 40)).isCloseTo(0.1806, within(1e-3));
    }

    /** A WEEK_1 window of definition 2 with an interval of ± halfWidth around the change. */
    private static SessionChange change(
            Modality modality,
            String client,
            double delta,
            double halfWidth,
            boolean meaningful,
            boolean meetsThreshold,
            double adjusted) {
        return new SessionChange(
                "clinic-a",
                client,
                modality,
                MetricWindow.WEEK_1,
                N0,
                N0.plusDays(6),
                N0.minusDays(14),
                N0.minusDays(1),
                delta,
                meaningful,
                -delta / 3,
                delta - halfWidth,
                delta + halfWidth,
                meetsThreshold,
                adjusted,
                2);
    }

    private static CohortSummary.Row row(Modality modality, Estimate totalSleep, double truth) {
        return new CohortSummary.Row(
                modality, MetricWindow.WEEK_1, totalSleep, truth, NONE, Double.NaN, 5, 3, 2, 1, 0.5);
    }

    private static String print(List<CohortSummary.Row> rows) {
        StringWriter text = new StringWriter();
        SummaryTable.print(new PrintWriter(text, true), rows, Map.of());
        return text.toString().replace(System.lineSeparator(), "\n");
    }

    private static String line(String printed, String modality) {
        return printed.lines()
                .filter(l -> l.startsWith(modality + " "))
                .findFirst()
                .orElseThrow();
    }
}
