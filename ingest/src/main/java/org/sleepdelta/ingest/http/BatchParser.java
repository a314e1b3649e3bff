package org.sleepdelta.ingest.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.CharConversionException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.sleepdelta.schemas.json.CanonicalJson;

/**
 * Splits a canonical batch body into its records, without judging them yet. JSON: one object (index 0) or an array
 * (index = position from 0); a body that is not well-formed JSON is refused as a whole. NDJSON: one object per line
 * (index = line number from 1); a line that is not well-formed JSON is a problem of that line. More records than the
 * limit is refused as soon as the limit is passed. Each record keeps its bytes as sent (a view into the body), for a
 * record that goes to the rejection topic. A record with a key twice in one object is a problem of that record naming
 * the key's path (e.g. {@code clinicId}): it is neither judged on one of its values nor kept with both.
 */
final class BatchParser {
    /** The records read, and the lines that could not be read (NDJSON only). */
    record Result(List<BatchItem> items, List<RecordProblem> problems) {
        int total() {
            return items.size() + problems.size();
        }
    }

    private static final ObjectMapper MAPPER = CanonicalJson.mapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();
    private final int maxRecords;

    BatchParser(int maxRecords) {
        this.maxRecords = maxRecords;
    }

    Result parse(byte[] body, BatchFormat format) {
        Result result = format == BatchFormat.JSON ? json(body) : ndjson(body);
        if (result.total() == 0) {
            throw Errors.invalidBody("the body holds no records").exception();
        }
        return result;
    }

    private Result json(byte[] body) {
        List<BatchItem> items = new ArrayList<>();
        List<RecordProblem> problems = new ArrayList<>();
        try (JsonParser parser = FACTORY.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_ARRAY) {
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    int index = items.size() + problems.size();
                    if (index == maxRecords) {
                        throw Errors.tooManyRecords(maxRecords).exception();
                    }
                    item(parser, body, index, "$[" + index + "]", items, problems);
                }
            } else if (first == JsonToken.START_OBJECT) {
                item(parser, body, 0, "$", items, problems);
            } else {
                throw Errors.invalidBody("the body must be a JSON object or an array of objects")
                        .exception();
            }
            if (parser.nextToken() != null) {
                throw Errors.invalidBody("the body must hold one JSON value; something follows it")
                        .exception();
            }
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the input, so only the position is passed on.
            throw Errors.invalidBody("the body is not well-formed JSON (line "
                            + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")")
                    .exception();
        } catch (CharConversionException e) {
            // Not a JsonProcessingException: Jackson took the first bytes for UTF-32 and met an invalid character.
            throw Errors.invalidBody("the body is not JSON text in UTF-8").exception();
        } catch (IOException e) {
            throw new IllegalStateException("reading JSON from memory cannot fail with I/O", e);
        }
        return new Result(items, problems);
    }

    /**
     * The value at the parser's current token, with its bytes as sent, or the problem of a key it has twice. The
     * body's parser only finds the value's end; an object or array is then read on its own, checking for duplicates.
     */
    private static void item(
            JsonParser parser,
            byte[] body,
            int index,
            String location,
            List<BatchItem> items,
            List<RecordProblem> problems)
            throws IOException {
        int from = (int) parser.currentTokenLocation().getByteOffset();
        if (!parser.currentToken().isStructStart()) {
            JsonNode node = MAPPER.readTree(parser);
            int to = (int) parser.currentLocation().getByteOffset();
            items.add(new BatchItem(
                    index, node, ByteBuffer.wrap(body, from, to - from).slice(), location));
            return;
        }
        parser.skipChildren();
        int to = (int) parser.currentLocation().getByteOffset();
        try (JsonParser strict = strictParser(body, from, to - from)) {
            strict.nextToken();
            JsonNode node = MAPPER.readTree(strict);
            items.add(new BatchItem(
                    index, node, ByteBuffer.wrap(body, from, to - from).slice(), location));
        } catch (JsonProcessingException e) {
            // Well-formed (the body's parser read it through), so what the strict reading refused is a duplicate key.
            problems.add(RecordProblem.at(index, duplicatePath(e), DUPLICATE_KEY));
        }
    }

    static final String DUPLICATE_KEY = "is a duplicate key: each key may appear only once in an object";

    private static JsonParser strictParser(byte[] body, int offset, int length) throws IOException {
        JsonParser parser = FACTORY.createParser(body, offset, length);
        parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        return parser;
    }

    /** The path of the duplicate key within its record ({@code clinicId}, {@code a.b[2].c}), from the parser. */
    private static String duplicatePath(JsonProcessingException e) {
        if (!(e.getProcessor() instanceof JsonParser parser)) {
            return "$";
        }
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = parser.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
            parts.add(0, c.inArray() ? "[" + c.getCurrentIndex() + "]" : "." + c.getCurrentName());
        }
        String path = String.join("", parts);
        return path.startsWith(".") ? path.substring(1) : path.isEmpty() ? "$" : "$" + path;
    }

    private Result ndjson(byte[] body) {
        List<BatchItem> items = new ArrayList<>();
        List<RecordProblem> problems = new ArrayList<>();
        int lineNumber = 0;
        int start = 0;
        while (start < body.length) {
            int end = start;
            while (end < body.length && body[end] != '\n') {
                end++;
            }
            lineNumber++;
            int length = end - start;
            if (length > 0 && body[end - 1] == '\r') {
                length--;
            }
            if (!blank(body, start, length)) {
                if (items.size() + problems.size() == maxRecords) {
                    throw Errors.tooManyRecords(maxRecords).exception();
                }
                JsonNode node = line(body, start, length);
                String duplicate = node == null ? duplicateKey(body, start, length) : null;
                if (duplicate != null) {
                    problems.add(RecordProblem.at(lineNumber, duplicate, DUPLICATE_KEY));
                } else if (node == null) {
                    problems.add(RecordProblem.at(lineNumber, "$", "is not well-formed JSON"));
                } else {
                    items.add(new BatchItem(
                            lineNumber,
                            node,
                            ByteBuffer.wrap(body, start, length).slice(),
                            null));
                }
            }
            start = end + 1;
        }
        return new Result(items, problems);
    }

    /** @return the line's one JSON value, or null if the line is not exactly one well-formed value without duplicates */
    private static JsonNode line(byte[] body, int offset, int length) {
        try (JsonParser parser = strictParser(body, offset, length)) {
            if (parser.nextToken() == null) {
                return null;
            }
            JsonNode node = MAPPER.readTree(parser);
            return parser.nextToken() == null ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** @return the path of the duplicate key that made a line unreadable, or null if it is not well-formed */
    private static String duplicateKey(byte[] body, int offset, int length) {
        try (JsonParser lenient = FACTORY.createParser(body, offset, length)) {
            if (lenient.nextToken() == null) {
                return null;
            }
            MAPPER.readTree(lenient);
            if (lenient.nextToken() != null) {
                return null;
            }
        } catch (IOException e) {
            return null;
        }
        try (JsonParser strict = strictParser(body, offset, length)) {
            strict.nextToken();
            MAPPER.readTree(strict);
            return null;
        } catch (JsonProcessingException e) {
            return duplicatePath(e);
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean blank(byte[] body, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (body[i] != ' ' && body[i] != '\t') {
                return false;
            }
        }
        return true;
    }
}
