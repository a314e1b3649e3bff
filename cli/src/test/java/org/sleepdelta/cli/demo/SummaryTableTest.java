package org.sleepdelta.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.MetricWindow;
import org.sleepdelta.avro.Modality;

class SummaryTableTest {
    private static final Estimate NONE = new Estimate(Double.NaN, Double.NaN, Double.NaN, 0, 0);

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

    private static CohortSummary.Row row(Modality modality, Estimate totalSleep, double truth) {
        return new CohortSummary.Row(modality, MetricWindow.WEEK_1, totalSleep, truth, NONE, Double.NaN, 0.5);
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
