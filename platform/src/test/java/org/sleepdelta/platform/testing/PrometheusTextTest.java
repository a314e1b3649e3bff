package org.sleepdelta.platform.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    private static final String TEXT = """
            # HELP requests_seconds Requests
            # TYPE requests_seconds histogram
            requests_seconds_bucket{endpoint="/v1/sleep-records",le="0.001",service="ingest",} 0.0
            requests_seconds_bucket{endpoint="/v1/sleep-records",le="+Inf",service="ingest"} 3.0
            odd{detail="a \\"b\\" \\\\ c"} NaN
            up 1.0 1700000000000
            """;

    @Test
    void samplesAreReadWithTheirLabelsAndValues() {
        // when
        PrometheusText scrape = PrometheusText.parse(TEXT);

        // then
        assertThat(scrape.names()).containsExactly("odd", "requests_seconds_bucket", "up");
        assertThat(scrape.labelNames()).containsExactly("detail", "endpoint", "le", "service");
        assertThat(scrape.value("requests_seconds_bucket", "le", "+Inf")).isEqualTo(3.0);
        assertThat(scrape.value("up")).isEqualTo(1.0);
        assertThat(scrape.find("odd").get(0).labels()).isEqualTo(Map.of("detail", "a \"b\" \\ c"));
    }

    @Test
    void askingForOneValueWhereThereAreSeveralFails() {
        PrometheusText scrape = PrometheusText.parse(TEXT);

        assertThatThrownBy(() -> scrape.value("requests_seconds_bucket", "service", "ingest"))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> scrape.value("missing")).isInstanceOf(AssertionError.class);
    }
}
