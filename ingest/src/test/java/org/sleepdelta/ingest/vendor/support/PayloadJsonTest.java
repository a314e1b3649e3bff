package org.sleepdelta.ingest.vendor.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sleepdelta.ingest.vendor.PayloadException;
import org.sleepdelta.ingest.vendor.jsonapi.JsonPayload;

/** Both vendor JSON readers refuse what passes Jackson's limits as a PayloadException naming the limit. */
class PayloadJsonTest {
    private static final JsonPayload.Shape SHAPE = new JsonPayload.Shape("data", root -> false, "test payload");

    @Test
    void aStringLongerThanTheCapIsRefusedNamingTheLimitNotTheInput() {
        String longString = "[{\"id\":\"" + "q".repeat(PayloadJson.MAX_STRING_CHARS + 1) + "\"}]";

        assertRefused(longString, "String value length");
    }

    @Test
    void aStringAtTheCapIsRead() throws Exception {
        String atCap = "[{\"id\":\"" + "q".repeat(PayloadJson.MAX_STRING_CHARS) + "\"}]";
        List<String> read = new ArrayList<>();

        JsonPayload.walk(stream(atCap), SHAPE, (location, item) -> read.add(location));
        JsonItems.forEach(stream(atCap), (location, item) -> read.add(location));

        assertThat(read).containsExactly("[0]", "$[0]");
    }

    @Test
    void nestingDeeperThanJacksonsLimitIsRefusedNamingTheLimit() {
        assertRefused("[" + "[".repeat(5000), "nesting depth");
    }

    private static void assertRefused(String payload, String limit) {
        assertThatThrownBy(() -> JsonPayload.walk(stream(payload), SHAPE, (location, item) -> {}))
                .isInstanceOf(PayloadException.class)
                .hasMessageStartingWith("the payload exceeds a limit of JSON: ")
                .hasMessageContaining(limit)
                .hasMessageNotContaining("qqq");
        assertThatThrownBy(() -> JsonItems.forEach(stream(payload), (location, item) -> {}))
                .isInstanceOf(PayloadException.class)
                .hasMessageStartingWith("the payload exceeds a limit of JSON: ")
                .hasMessageContaining(limit);
    }

    private static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
