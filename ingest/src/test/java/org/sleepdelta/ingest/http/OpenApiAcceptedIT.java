package org.sleepdelta.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sleepdelta.ingest.http.Canonical.array;
import static org.sleepdelta.ingest.http.Canonical.session;
import static org.sleepdelta.ingest.http.Canonical.sleep;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The 202 answers of docs/openapi.yaml against the real service writing to a real broker. */
class OpenApiAcceptedIT {
    private static OpenApiSpec spec;
    private static RunningIngest ingest;

    @BeforeAll
    static void start() {
        spec = OpenApiSpec.load();
        ingest = RunningIngest.start();
    }

    @AfterAll
    static void stop() {
        ingest.close();
    }

    @Test
    void acceptedBatchWithRecordsOutsideTheRetentionAnswersAsSpecified() {
        // given one night inside the retention (60 days by default) and one outside
        var batch = array(List.of(sleep("c1", "recent", 1), sleep("c1", "old", 400)));

        // when
        HttpResponse response = ingest.postSleep().json(batch).send();

        // then
        assertThat(response.status()).as("%s", response.json()).isEqualTo(202);
        assertThat(response.json().get("accepted").asInt()).isEqualTo(1);
        assertThat(response.json().get("outsideRetention").asInt()).isEqualTo(1);
        assertThat(spec.violations("POST", "/v1/sleep-records", response)).isEmpty();
    }

    @Test
    void acceptedBatchInsideTheRetentionAnswersAsSpecified() {
        // when
        HttpResponse response = ingest.postSessions()
                .json(array(List.of(session("c1", "m1", 1))))
                .send();

        // then
        assertThat(response.status()).as("%s", response.json()).isEqualTo(202);
        assertThat(response.json().has("outsideRetention")).isFalse();
        assertThat(spec.violations("POST", "/v1/massage-sessions", response)).isEmpty();
    }
}
