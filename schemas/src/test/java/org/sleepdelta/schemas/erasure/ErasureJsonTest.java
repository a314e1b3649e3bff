package org.sleepdelta.schemas.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.sleepdelta.schemas.ClientKey;

class ErasureJsonTest {
    private static final Instant AT = Instant.parse("2026-12-06T10:15:30Z");

    @Test
    void aRequestSurvivesItsEncoding() {
        ErasureRequest request =
                ErasureRequest.of(new ClientKey("clinic-a", "c-17"), ErasureAction.ERASE, AT, "key:ops");
        ErasureRequest read = ErasureRequest.decode(request.encode());
        assertThat(read).isEqualTo(request);
        assertThat(read.key()).isEqualTo("clinic-a/c-17");
    }

    @Test
    void anEventNamesTheClinicButNeverTheClient() {
        ErasureRequest request =
                ErasureRequest.of(new ClientKey("clinic-a", "c-17"), ErasureAction.ERASE, AT, "key:ops");
        ErasureEvent event = ErasureEvent.of(request, ErasureStage.SINK_ROWS_DELETED, AT, "sink", "12 rows");
        byte[] bytes = event.encode();
        assertThat(ErasureEvent.decode(bytes)).isEqualTo(event);
        assertThat(new String(bytes, StandardCharsets.UTF_8))
                .contains("clinic-a")
                .doesNotContain("c-17");
    }

    @Test
    void aBrokenRequestNamesTheField() {
        String json = "{\"erasureId\":\"e\",\"clinicId\":\"k\",\"clientId\":\"c\",\"action\":\"FORGET\","
                + "\"requestedAt\":\"2026-12-06T10:15:30Z\",\"requestedBy\":\"cli:x\"}";
        assertThatThrownBy(() -> ErasureRequest.decode(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("action: unknown value");
        assertThatThrownBy(() -> ErasureRequest.decode("{\"erasureId\":1}".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("erasureId: must be a string");
        assertThatThrownBy(() -> ErasureEvent.decode("[1,".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("erasure event is not well-formed JSON");
    }
}
