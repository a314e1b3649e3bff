package org.sleepdelta.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sleepdelta.ingest.vendor.Problem;

class ApiErrorTest {
    @Test
    void everyErrorHasTheSameShape() {
        // when
        String json = ApiError.of(400, "invalid_records", "1 of 2 record(s) are invalid")
                .withProblems(List.of(
                        RecordProblem.at(3, "sleepEnd", "must be after sleepStart"),
                        RecordProblem.of(new Problem("sleep[2]", null, "no end time"))))
                .toJson()
                .toString();
        String plain = Errors.unauthorized().toJson().toString();

        // then
        assertThat(json)
                .isEqualTo("{\"error\":\"invalid_records\",\"message\":\"1 of 2 record(s) are invalid\","
                        + "\"problems\":[{\"index\":3,\"field\":\"sleepEnd\",\"reason\":\"must be after sleepStart\"},"
                        + "{\"location\":\"sleep[2]\",\"reason\":\"no end time\"}]}");
        assertThat(plain)
                .isEqualTo("{\"error\":\"unauthorized\",\"message\":\"send a valid API key as"
                        + " 'Authorization: Bearer <key>'\",\"problems\":[]}");
    }

    @Test
    void retryAfterIsInWholeSecondsRoundedUp() {
        assertThat(Errors.busy().retryAfterHeader()).isEqualTo("1");
        assertThat(ApiError.of(429, "x", "y")
                        .retryAfter(Duration.ofMillis(2500))
                        .retryAfterHeader())
                .isEqualTo("3");
        assertThat(ApiError.of(429, "x", "y").retryAfter(Duration.ofMillis(10)).retryAfterHeader())
                .isEqualTo("1");
        assertThat(ApiError.of(400, "x", "y").retryAfterHeader()).isNull();
    }
}
