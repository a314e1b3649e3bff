package org.sleepdelta.ingest.vendor.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sleepdelta.ingest.vendor.PayloadException;

class JsonItemsTest {

    private static List<String> locations(String json) throws Exception {
        List<String> seen = new ArrayList<>();
        JsonItems.forEach(
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                (location, item) -> seen.add(location + "=" + item.get("n")));
        return seen;
    }

    @Test
    void aSingleObjectIsOneItemAtTheRoot() throws Exception {
        // when / then
        assertThat(locations("{\"n\": 1}")).containsExactly("$=1");
    }

    @Test
    void anArrayGivesEachItemWithItsIndex() throws Exception {
        // when / then
        assertThat(locations("[{\"n\": 1}, {\"n\": 2}, {\"n\": 3}]")).containsExactly("$[0]=1", "$[1]=2", "$[2]=3");
    }

    @Test
    void brokenJsonIsAPayloadExceptionWithItsPosition() {
        // when / then
        assertThatThrownBy(() -> locations("[{\"n\": 1}, {\"n\": ]"))
                .isInstanceOf(PayloadException.class)
                .hasMessageContaining("line 1");
    }

    @Test
    void anUnclosedArrayIsAPayloadException() {
        // when / then
        assertThatThrownBy(() -> locations("[{\"n\": 1}")).isInstanceOf(PayloadException.class);
    }

    @Test
    void aScalarOrAnEmptyPayloadIsAPayloadException() {
        // when / then
        assertThatThrownBy(() -> locations("\"sleep\""))
                .isInstanceOf(PayloadException.class)
                .hasMessageContaining("object or an array");
        assertThatThrownBy(() -> locations(""))
                .isInstanceOf(PayloadException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void contentAfterTheValueIsAPayloadException() {
        // when / then
        assertThatThrownBy(() -> locations("{\"n\": 1} {\"n\": 2}")).isInstanceOf(PayloadException.class);
    }
}
