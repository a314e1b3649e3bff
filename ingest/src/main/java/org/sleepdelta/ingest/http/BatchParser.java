package org.sleepdelta.ingest.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.CharConversionException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.sleepdelta.schemas.json.StrictJson;

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

    private static final ObjectMapper MAPPER = StrictJson.mapper();
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
        try (JsonParser parser = lenientParser(body, 0, body.length)) {
            JsonToken first = parser.nextToken();
            if (first != null && parser.currentTokenLocation().getByteOffset() < 0) {
                // Jackson detected UTF-16 or UTF-32 and reads characters, so records' bytes as sent cannot be cut out
                // of the body; JSON exchanged between systems must be UTF-8 anyway (RFC 8259, section 8.1).
                throw Errors.invalidBody("the body is not JSON text in UTF-8").exception();
            }
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
            // Jackson's message quotes the input, so only the problem and its position are passed on.
            throw Errors.invalidBody("the body " + StrictJson.problem(e).reasonAt())
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
            StrictJson.Problem problem = StrictJson.problem(e);
            problems.add(RecordProblem.at(index, problem.path(), problem.reason()));
        }
    }

    static final String DUPLICATE_KEY = StrictJson.DUPLICATE_KEY;

    private static JsonParser strictParser(byte[] body, int offset, int length) throws IOException {
        return FACTORY.createParser(body, offset, length);
    }

    /**
     * The body's parser, which only finds where each record ends: a duplicate key is then a problem of its record
     * (found by {@link #strictParser}), not of the whole body. The limits still apply.
     */
    private static JsonParser lenientParser(byte[] body, int offset, int length) throws IOException {
        JsonParser parser = FACTORY.createParser(body, offset, length);
        parser.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        return parser;
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
                line(body, start, length, lineNumber, items, problems);
            }
            start = end + 1;
        }
        return new Result(items, problems);
    }

    /** The line's one JSON value as an item, or the problem that it has none (a duplicate key, a limit, not JSON). */
    private static void line(
            byte[] body, int offset, int length, int lineNumber, List<BatchItem> items, List<RecordProblem> problems) {
        try (JsonParser parser = strictParser(body, offset, length)) {
            JsonNode node = parser.nextToken() == null ? null : MAPPER.readTree(parser);
            if (node == null || parser.nextToken() != null) {
                problems.add(RecordProblem.at(lineNumber, "$", "is not well-formed JSON"));
            } else {
                items.add(new BatchItem(
                        lineNumber, node, ByteBuffer.wrap(body, offset, length).slice(), null));
            }
        } catch (JsonProcessingException e) {
            StrictJson.Problem problem = StrictJson.problem(e);
            problems.add(RecordProblem.at(lineNumber, problem.path(), problem.reason()));
        } catch (CharConversionException e) {
            // As for a whole body: Jackson took the line's first bytes for UTF-32; the line is bad, not the request.
            problems.add(RecordProblem.at(lineNumber, "$", "is not JSON text in UTF-8"));
        } catch (IOException e) {
            throw new IllegalStateException("reading JSON from memory cannot fail with I/O", e);
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
