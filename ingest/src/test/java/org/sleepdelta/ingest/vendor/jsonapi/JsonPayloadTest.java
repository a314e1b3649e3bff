package org.sleepdelta.ingest.vendor.jsonapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.sleepdelta.ingest.vendor.PayloadException;

class JsonPayloadTest {
    private static final JsonPayload.Shape ITEMS = new JsonPayload.Shape("items", root -> root.has("id"), "items");
    private static final JsonPayload.Shape NESTED = JsonPayload.Shape.wrapped(List.of("body", "series"), "nested");

    private final List<String> seen = new ArrayList<>();
    private final List<String> fields = new ArrayList<>();

    private void walk(JsonPayload.Shape shape, String json) throws IOException, PayloadException {
        JsonPayload.walk(Fixtures.text(json), shape, new JsonPayload.Handler() {
            @Override
            public void field(String name, JsonNode value) {
                fields.add(name + "=" + value);
            }

            @Override
            public void item(String location, JsonNode element) {
                seen.add(location + " " + (element == null ? "not-an-object" : element.get("id")));
            }
        });
    }

    @Test
    void itemsOfTheWrapperArrayAreHandedOverInOrderWithTheirLocation() throws Exception {
        walk(ITEMS, "{\"before\": 1, \"items\": [{\"id\": 1}, {\"id\": 2}], \"after\": {\"x\": true}}");

        assertThat(seen).containsExactly("items[0] 1", "items[1] 2");
        assertThat(fields).containsExactly("before=1", "after={\"x\":true}");
    }

    @Test
    void aBareArrayIsAcceptedWhenTheShapeAllowsIt() throws Exception {
        walk(ITEMS, "[{\"id\": 7}]");

        assertThat(seen).containsExactly("[0] 7");
    }

    @Test
    void aBareItemIsOneItemAtTheRoot() throws Exception {
        walk(ITEMS, "{\"id\": 9, \"other\": 1}");

        assertThat(seen).containsExactly("$ 9");
    }

    @Test
    void anElementThatIsNotAnObjectIsHandedOverAsNullSoTheAdapterCanReportIt() throws Exception {
        walk(ITEMS, "{\"items\": [3, {\"id\": 4}, [5]]}");

        assertThat(seen).containsExactly("items[0] not-an-object", "items[1] 4", "items[2] not-an-object");
    }

    @Test
    void aNestedPathIsFollowedAndTheFieldsOnTheWayAreReportedByTheirPath() throws Exception {
        walk(NESTED, "{\"status\": 0, \"body\": {\"series\": [{\"id\": 1}], \"more\": false}}");

        assertThat(seen).containsExactly("body.series[0] 1");
        assertThat(fields).containsExactly("status=0", "body.more=false");
    }

    @Test
    void aWrappedOnlyShapeRefusesABareArray() {
        assertThatThrownBy(() -> walk(NESTED, "[{\"id\": 1}]"))
                .isInstanceOf(PayloadException.class)
                .hasMessageContaining("not a JSON object");
    }

    @Test
    void anObjectWithoutTheArrayAndNotABareItemIsNotTheVendorsShape() {
        assertThatThrownBy(() -> walk(ITEMS, "{\"something\": []}"))
                .isInstanceOf(PayloadException.class)
                .hasMessageContaining("no `items` array");
        assertThatThrownBy(() -> walk(NESTED, "{\"status\": 0, \"body\": {}}"))
                .isInstanceOf(PayloadException.class)
                .hasMessageContaining("no `body.series` array");
    }

    @Test
    void theArrayFieldOfAnotherTypeIsNotTheVendorsShape() {
        assertThatThrownBy(() -> walk(ITEMS, "{\"items\": {\"id\": 1}}"))
                .isInstanceOf(PayloadException.class)
                .hasMessageContaining("`items` must be an array");
    }

    @Test
    void brokenJsonEmptyInputScalarsAndTrailingContentArePayloadExceptions() {
        assertThatThrownBy(() -> walk(ITEMS, "{\"items\": [{\"id\": 1},"))
                .isInstanceOf(PayloadException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> walk(ITEMS, ""))
                .isInstanceOf(PayloadException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> walk(ITEMS, "42"))
                .isInstanceOf(PayloadException.class)
                .hasMessageContaining("not a JSON object or array");
        assertThatThrownBy(() -> walk(ITEMS, "{\"items\": []} {}"))
                .isInstanceOf(PayloadException.class)
                .hasMessageContaining("after the JSON value");
    }

    @Test
    void theCallersStreamIsLeftOpen() throws Exception {
        AtomicBoolean closed = new AtomicBoolean();
        ByteArrayInputStream in = new ByteArrayInputStream("[]".getBytes(StandardCharsets.UTF_8)) {
            @Override
            public void close() {
                closed.set(true);
            }
        };

        JsonPayload.walk(in, ITEMS, (location, element) -> {});

        assertThat(closed).isFalse();
    }
}
