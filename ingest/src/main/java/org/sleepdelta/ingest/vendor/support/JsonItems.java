package org.sleepdelta.ingest.vendor.support;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import org.sleepdelta.ingest.vendor.PayloadException;
import org.sleepdelta.schemas.json.StrictJson;

/**
 * Streams the items of a JSON payload that is either one object or an array of them, one item in memory at a time,
 * so an array of any length works in bounded memory. Items are located as {@code $} (the single object) or
 * {@code $[i]}. Broken JSON anywhere is a {@link PayloadException}; items handled before it have already gone out.
 */
public final class JsonItems {
    /** Strict (duplicate keys, limits) and leaves the caller's stream open: it opened it, it closes it. */
    private static final ObjectMapper MAPPER = StrictJson.mapper();

    /** Receives one item. */
    @FunctionalInterface
    public interface Handler {
        void item(String location, JsonNode item);
    }

    /** A payload whose bytes are not text in any encoding JSON allows (an IOException, not a parse error, in Jackson). */
    private JsonItems() {}

    public static void forEach(InputStream payload, Handler handler) throws IOException, PayloadException {
        try (JsonParser parser = MAPPER.createParser(payload)) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_OBJECT) {
                handler.item("$", MAPPER.readTree(parser));
            } else if (first == JsonToken.START_ARRAY) {
                int index = 0;
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    if (t == null) {
                        throw new PayloadException("the JSON array is not closed: the payload ends early");
                    }
                    handler.item("$[" + index++ + "]", MAPPER.readTree(parser));
                }
            } else if (first == null) {
                throw new PayloadException("the payload is empty; expected a JSON object or array");
            } else {
                throw new PayloadException("expected a JSON object or an array of objects");
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

    private static String where(JsonLocation location) {
        return location == null
                ? "an unknown position"
                : "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
