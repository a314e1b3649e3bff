package org.sleepdelta.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExportedMetricsTest {

    @Test
    void aNameWithItsSeriesInBracketsDocumentsEachSeries() {
        String row = "| `sleepdelta_sink_batch_seconds` (`_count`, `_sum`, `_max`) | timer | | one transaction |";

        assertThat(ExportedMetrics.namesIn(row))
                .containsExactlyInAnyOrder(
                        "sleepdelta_sink_batch_seconds",
                        "sleepdelta_sink_batch_seconds_count",
                        "sleepdelta_sink_batch_seconds_sum",
                        "sleepdelta_sink_batch_seconds_max");
    }

    @Test
    void aSuffixWithoutItsNameDocumentsNothing() {
        assertThat(ExportedMetrics.namesIn("the `_max` of every timer")).isEmpty();
    }
}
