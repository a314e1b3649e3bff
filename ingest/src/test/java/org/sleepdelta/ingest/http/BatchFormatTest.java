package org.sleepdelta.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BatchFormatTest {
    @Test
    void jsonAndNdjsonAreReadInAnyCaseWithAUtf8Charset() {
        assertThat(BatchFormat.of("application/json")).isEqualTo(BatchFormat.JSON);
        assertThat(BatchFormat.of("Application/JSON; charset=\"UTF-8\"")).isEqualTo(BatchFormat.JSON);
        assertThat(BatchFormat.of("application/x-ndjson;charset=utf-8")).isEqualTo(BatchFormat.NDJSON);
    }

    @Test
    void otherTypesAndCharsetsAreUnsupported() {
        for (String type : new String[] {
            null, "text/plain", "application/xml", "application/json; charset=latin1", "application/jsonl"
        }) {
            assertThatThrownBy(() -> BatchFormat.of(type))
                    .as(String.valueOf(type))
                    .satisfies(
                            e -> assertThat(((ApiException) e).error().status()).isEqualTo(415));
        }
    }

    @Test
    void gzipIsTheOnlyContentEncodingBesidesNone() {
        assertThat(RequestBodies.gzip(null)).isFalse();
        assertThat(RequestBodies.gzip("identity")).isFalse();
        assertThat(RequestBodies.gzip(" GZIP ")).isTrue();
        assertThat(RequestBodies.gzip("x-gzip")).isTrue();
        assertThatThrownBy(() -> RequestBodies.gzip("deflate"))
                .satisfies(e -> assertThat(((ApiException) e).error().status()).isEqualTo(415));
    }
}
