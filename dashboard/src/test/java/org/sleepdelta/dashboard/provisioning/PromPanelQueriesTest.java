package org.sleepdelta.dashboard.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sleepdelta.dashboard.provisioning.PromPanelQueries.Query;
import org.sleepdelta.dashboard.provisioning.PromPanelQueries.Sample;

class PromPanelQueriesTest {
    private static final Duration THIRTY_MINUTES = Duration.ofMinutes(30);

    private static Query query(String expr) {
        return new Query("ops.json", "Ops", "Requests", "A", expr, false, 0, "", THIRTY_MINUTES);
    }

    @Test
    void rateIntervalIsFourScrapesOrTheIntervalPlusOneScrape() {
        // 30 min over 600 points is 3 s, which Grafana rounds to 2 s
        assertThat(query("rate(x[$__rate_interval])").expand(Sample.dashboardRange(Duration.ofSeconds(1))))
                .isEqualTo("rate(x[4s])");
        // the compose datasource's 5 s: the interval is at least one scrape
        assertThat(query("rate(x[$__rate_interval]) $__interval").expand(Sample.dashboardRange(Duration.ofSeconds(5))))
                .isEqualTo("rate(x[20s]) 5s");
        // a day over 600 points: 144 s, rounded to 2m; 2m + 15s beats 4 × 15s, written as Go writes durations
        assertThat(query("rate(x[${__rate_interval}]) ${__interval} $__interval_ms $__rate_interval_ms")
                        .expand(new Sample(Duration.ofDays(1), 600, Duration.ofSeconds(15))))
                .isEqualTo("rate(x[2m15s]) 2m 120000 135000");
    }

    @Test
    void rangeVariablesAreWholeSecondsOrMilliseconds() {
        assertThat(query("increase(x[$__range]) $__range_s $__range_ms")
                        .expand(Sample.dashboardRange(Duration.ofSeconds(1))))
                .isEqualTo("increase(x[1800s]) 1800 1800000");
    }

    @Test
    void aPanelsOwnMaxDataPointsWinsOverTheSamples() {
        Query wide = new Query("ops.json", "Ops", "Wide", "A", "$__interval", false, 60, "", THIRTY_MINUTES);

        assertThat(wide.expand(Sample.dashboardRange(Duration.ofSeconds(1)))).isEqualTo("30s");
    }

    @Test
    void templateVariablesAndMinIntervalsAreNotGuessedButRefusedWithThePanelNamed() {
        assertThatThrownBy(() -> query("up{job=\"$job\"}").expand(Sample.dashboardRange(Duration.ofSeconds(1))))
                .hasMessageStartingWith("ops.json (Ops), panel \"Requests\" (A): '$job' is not one of Grafana's");
        assertThatThrownBy(() ->
                        query("rate(x[${__rate_interval:raw}])").expand(Sample.dashboardRange(Duration.ofSeconds(1))))
                .hasMessageContaining("'${__rate_interval:raw}'");
        Query minInterval = new Query("ops.json", "Ops", "Slow", "A", "x", false, 0, "1m", THIRTY_MINUTES);
        assertThatThrownBy(() -> minInterval.expand(Sample.dashboardRange(Duration.ofSeconds(1))))
                .hasMessageContaining("Min interval");
    }

    @Test
    void grafanasRoundingAndGosDurationFormat() {
        assertThat(PromPanelQueries.roundInterval(Duration.ofMillis(1_500))).isEqualTo(Duration.ofSeconds(1));
        assertThat(PromPanelQueries.roundInterval(Duration.ofMillis(1_501))).isEqualTo(Duration.ofSeconds(2));
        assertThat(PromPanelQueries.roundInterval(Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(2));
        assertThat(PromPanelQueries.roundInterval(Duration.ofSeconds(40))).isEqualTo(Duration.ofSeconds(30));
        assertThat(PromPanelQueries.roundInterval(Duration.ofHours(4))).isEqualTo(Duration.ofHours(3));
        assertThat(List.of(
                                Duration.ofSeconds(4),
                                Duration.ofMinutes(1),
                                Duration.ofSeconds(125),
                                Duration.ofHours(1),
                                Duration.ofMillis(1_500),
                                Duration.ofMillis(500))
                        .stream()
                        .map(PromPanelQueries::goDuration))
                .containsExactly("4s", "1m0s", "2m5s", "1h0m0s", "1.5s", "500ms");
        assertThat(List.of(Duration.ofSeconds(90), Duration.ofMillis(500), Duration.ofDays(2)).stream()
                        .map(PromPanelQueries::grafanaInterval))
                .containsExactly("1m", "500ms", "2d");
    }

    @Test
    void theOpsDashboardsTargetsAreReadWithItsRangeAndInstantFlag() {
        List<Query> queries = PromPanelQueries.readAll(PanelQueries.dashboardsDirectory());

        assertThat(queries).hasSizeGreaterThan(25).allSatisfy(q -> {
            assertThat(q.dashboardFile()).isEqualTo("ops.json");
            assertThat(q.dashboardRange()).isEqualTo(THIRTY_MINUTES);
            assertThat(q.expand(Sample.dashboardRange(Duration.ofSeconds(5)))).doesNotContain("$");
        });
        assertThat(queries)
                .filteredOn(q -> q.panel().equals("Targets up"))
                .singleElement()
                .satisfies(q -> assertThat(q.instant()).isTrue());
        assertThat(queries)
                .filteredOn(q -> q.panel().equals("Requests by endpoint"))
                .singleElement()
                .satisfies(q -> assertThat(q.instant()).isFalse());
    }
}
