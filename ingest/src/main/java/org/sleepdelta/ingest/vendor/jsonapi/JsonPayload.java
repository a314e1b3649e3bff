package org.sleepdelta.ingest.vendor.jsonapi;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.Predicate;
import org.sleepdelta.ingest.vendor.PayloadException;
import org.sleepdelta.ingest.vendor.support.JsonFailures;
import org.sleepdelta.schemas.json.StrictJson;

/**
 * Streams the items of a vendor JSON payload one at a time, so a payload of any length needs the memory of one item.
 * A payload may be an array of items, an object that holds the array under a field path such as {@code sleep} or
 * {@code body.series} (the other fields on the way are read whole and reported to {@link Handler#field}), or — when
 * the shape allows it — one bare item.
 */
public final class JsonPayload {
    /** Strict (duplicate keys, limits) and leaves the caller's stream open: it opened it, it closes it. */
    private static final ObjectMapper MAPPER = StrictJson.mapper();

    /** A payload whose bytes are not text in any encoding JSON allows (an IOException, not a parse error, in Jackson). */
    private JsonPayload() {}

    /**
     * @param arrayPath   the fields leading to the items, e.g. {@code [sleep]} for Fitbit, {@code [body, series]} for
     *                    Withings
     * @param isBareItem  whether a root object without that path is itself one item (e.g. it has an {@code id})
     * @param description what the vendor's payload looks like, for the message of a {@link PayloadException}
     * @param bareArray   whether the items may also come as a root array without the wrapper
     */
    public record Shape(List<String> arrayPath, Predicate<JsonNode> isBareItem, String description, boolean bareArray) {
        /** A wrapper with the items under one field, or the bare array of items, or (if it passes the test) one item. */
        public Shape(String arrayField, Predicate<JsonNode> isBareItem, String description) {
            this(List.of(arrayField), isBareItem, description, true);
        }

        /** A payload that must be the wrapper: never the bare array nor one bare item. */
        public static Shape wrapped(List<String> arrayPath, String description) {
            return new Shape(arrayPath, root -> false, description, false);
        }
    }

    public interface Handler {
        /**
         * A field of a wrapper object other than the path to the items, in payload order, named by its dotted path
         * (e.g. {@code status}, {@code body.more}).
         */
        default void field(String name, JsonNode value) throws PayloadException {}

        /** One element of the array (or the bare item), at {@code location} such as {@code sleep[3]}. */
        void item(String location, JsonNode element);
    }

    public static void walk(InputStream payload, Shape shape, Handler handler) throws IOException, PayloadException {
        try (JsonParser parser = MAPPER.createParser(payload)) {
            JsonToken root = parser.nextToken();
            if (root == null) {
                throw new PayloadException("the payload is empty; expected " + shape.description());
            }
            if (root == JsonToken.START_ARRAY && shape.bareArray()) {
                items(parser, "", handler);
            } else if (root == JsonToken.START_OBJECT) {
                wrapper(parser, shape, handler);
            } else {
                throw new PayloadException(
                        "the payload is not " + (shape.bareArray() ? "a JSON object or array" : "a JSON object")
                                + "; expected " + shape.description());
            }
            if (parser.nextToken() != null) {
                throw new PayloadException(
                        "unexpected content after the JSON value at " + where(parser.currentLocation()));
            }
        } catch (JsonProcessingException e) {
            throw JsonFailures.payloadException(e);
        } catch (CharConversionException e) {
            throw JsonFailures.notUnicode(e);
        }
    }

    /** Reads the root object's fields, streaming the array at the end of the path and reading the others whole. */
    private static void wrapper(JsonParser parser, Shape shape, Handler handler) throws IOException, PayloadException {
        ObjectNode others = MAPPER.createObjectNode();
        boolean sawArray = object(parser, shape, 0, "", others, handler);
        if (sawArray || others.has(shape.arrayPath().get(0))) {
            return;
        }
        if (shape.isBareItem().test(others)) {
            handler.item("$", others);
        } else {
            throw new PayloadException(
                    "no `" + String.join(".", shape.arrayPath()) + "` array found; expected " + shape.description());
        }
    }

    /**
     * Reads the fields of the object the parser is in, following {@code shape.arrayPath()} from {@code depth}.
     *
     * @param others collects the root object's other fields (only at depth 0), so a bare item can be read whole
     * @return whether the array was found
     */
    private static boolean object(
            JsonParser parser, Shape shape, int depth, String prefix, ObjectNode others, Handler handler)
            throws IOException, PayloadException {
        String onPath = shape.arrayPath().get(depth);
        boolean last = depth == shape.arrayPath().size() - 1;
        boolean sawArray = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (name.equals(onPath) && last && value == JsonToken.START_ARRAY) {
                sawArray = true;
                items(parser, prefix + name, handler);
            } else if (name.equals(onPath) && !last && value == JsonToken.START_OBJECT) {
                sawArray |= object(parser, shape, depth + 1, prefix + name + ".", null, handler);
            } else if (name.equals(onPath) && value != JsonToken.VALUE_NULL) {
                throw new PayloadException("`" + prefix + name + "` must be " + (last ? "an array" : "an object")
                        + "; expected " + shape.description());
            } else {
                JsonNode tree = MAPPER.readTree(parser);
                if (others != null) {
                    others.set(name, tree);
                }
                handler.field(prefix + name, tree);
            }
        }
        return sawArray;
    }

    private static void items(JsonParser parser, String arrayName, Handler handler) throws IOException {
        int index = 0;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            String location = arrayName + "[" + index++ + "]";
            JsonNode element = MAPPER.readTree(parser);
            if (token != JsonToken.START_OBJECT) {
                element = null; // not an item: the handler reports it at its location
            }
            handler.item(location, element);
        }
    }

    private static String where(JsonLocation location) {
        return location == null
                ? "an unknown position"
                : "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
