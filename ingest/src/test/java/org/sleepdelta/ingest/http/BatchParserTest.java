package org.sleepdelta.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchParserTest {
    private final BatchParser parser = new BatchParser(3);

    @Test
    void arrayGivesOneItemPerElementIndexedFromZero() {
        // when
        BatchParser.Result result = parse("[{\"a\":1}, {\"a\":2}, 7]", BatchFormat.JSON);

        // then
        assertThat(result.items()).extracting(BatchItem::index).containsExactly(0L, 1L, 2L);
        assertThat(result.items().get(1).node().get("a").asInt()).isEqualTo(2);
        assertThat(result.items().get(2).node().isInt()).isTrue(); // judged later, as "must be a JSON object"
        assertThat(result.problems()).isEmpty();
    }

    @Test
    void eachItemKeepsItsBytesAsSentAndItsPlaceInTheBody() {
        // when
        BatchParser.Result array = parse("[ {\"a\": 1.50,\n \"b\": [1, 2]} ,{\"c\":\"ü\"}]", BatchFormat.JSON);
        BatchParser.Result object = parse(" {\"a\":1} ", BatchFormat.JSON);
        BatchParser.Result lines = new BatchParser(4)
                .parse("{\"a\": 1}\r\n\n  {\"b\":2}".getBytes(StandardCharsets.UTF_8), BatchFormat.NDJSON);

        // then
        assertThat(array.items())
                .extracting(i -> new String(i.bytesAsSent(), StandardCharsets.UTF_8))
                .containsExactly("{\"a\": 1.50,\n \"b\": [1, 2]}", "{\"c\":\"ü\"}");
        assertThat(array.items()).extracting(BatchItem::location).containsExactly("$[0]", "$[1]");
        assertThat(array.items()).extracting(BatchItem::line).containsOnlyNulls();
        assertThat(object.items()).extracting(BatchItem::location).containsExactly("$");
        assertThat(new String(object.items().get(0).bytesAsSent(), StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":1}");
        assertThat(lines.items())
                .extracting(i -> new String(i.bytesAsSent(), StandardCharsets.UTF_8))
                .containsExactly("{\"a\": 1}", "  {\"b\":2}");
        assertThat(lines.items()).extracting(BatchItem::line).containsExactly(1L, 3L);
        assertThat(lines.items()).extracting(BatchItem::location).containsOnlyNulls();
    }

    @Test
    void singleObjectIsABatchOfOne() {
        assertThat(parse(" {\"a\":1} ", BatchFormat.JSON).items())
                .extracting(BatchItem::index)
                .containsExactly(0L);
    }

    @Test
    void ndjsonItemsAreIndexedByLineSkippingBlankLinesAndReportingBadOnes() {
        // when
        BatchParser.Result result = new BatchParser(4)
                .parse(
                        "{\"a\":1}\r\n\n  \n{oops\n{\"a\":2} {\"a\":3}\n{\"a\":4}".getBytes(StandardCharsets.UTF_8),
                        BatchFormat.NDJSON);

        // then
        assertThat(result.items()).extracting(BatchItem::index).containsExactly(1L, 6L);
        assertThat(result.problems())
                .containsExactly(
                        RecordProblem.at(4, "$", "is not well-formed JSON"),
                        RecordProblem.at(5, "$", "is not well-formed JSON"));
        assertThat(result.total()).isEqualTo(4);
    }

    @Test
    void moreRecordsThanTheLimitAreRefused() {
        assertThatThrownBy(() -> parse("[{},{},{},{}]", BatchFormat.JSON))
                .satisfies(e -> assertThat(((ApiException) e).error().error()).isEqualTo("too_many_records"));
        assertThatThrownBy(() -> parse("{}\n{}\n{}\nbad", BatchFormat.NDJSON))
                .satisfies(e -> assertThat(((ApiException) e).error().status()).isEqualTo(413));
        assertThat(parse("[{},{},{}]", BatchFormat.JSON).items()).hasSize(3);
    }

    @Test
    void bodiesThatAreNotOneJsonObjectOrArrayAreInvalidWithoutQuotingThem() {
        for (String body : new String[] {"[{\"secret\": ", "\"text\"", "[{}] []", "", "[]", "\n\n"}) {
            BatchFormat format = body.startsWith("\n") ? BatchFormat.NDJSON : BatchFormat.JSON;
            assertThatThrownBy(() -> parse(body, format)).as(body).satisfies(e -> {
                ApiError error = ((ApiException) e).error();
                assertThat(error.status()).isEqualTo(400);
                assertThat(error.error()).isEqualTo("invalid_body");
                assertThat(error.message()).doesNotContain("secret");
            });
        }
    }

    @Test
    void aDuplicateKeyIsAProblemOfItsRecordNamingTheKeyNeitherValueKept() {
        // when
        BatchParser.Result object = parse("{\"clinicId\":\"a\", \"x\":1, \"clinicId\":\"b\"}", BatchFormat.JSON);
        BatchParser.Result array =
                parse("[{\"a\":1}, {\"n\":{\"k\":[{\"z\":1,\"z\":2}]}}, {\"a\":1,\"a\":1}]", BatchFormat.JSON);
        BatchParser.Result lines =
                parse("{\"a\":1}\n{\"clinicId\":\"a\",\"clinicId\":\"b\"}\n{oops", BatchFormat.NDJSON);

        // then
        assertThat(object.items()).isEmpty();
        assertThat(object.problems()).containsExactly(RecordProblem.at(0, "clinicId", BatchParser.DUPLICATE_KEY));
        assertThat(array.items()).extracting(BatchItem::index).containsExactly(0L);
        assertThat(array.problems())
                .containsExactly(
                        RecordProblem.at(1, "n.k[0].z", BatchParser.DUPLICATE_KEY),
                        RecordProblem.at(2, "a", BatchParser.DUPLICATE_KEY));
        assertThat(array.total()).isEqualTo(3);
        assertThat(lines.items()).extracting(BatchItem::index).containsExactly(1L);
        assertThat(lines.problems())
                .containsExactly(
                        RecordProblem.at(2, "clinicId", BatchParser.DUPLICATE_KEY),
                        RecordProblem.at(3, "$", "is not well-formed JSON"));
    }

    @Test
    void hostileBodiesAreInvalidNamingTheProblemAndItsPosition() {
        assertThat(invalidBodyMessage("[".repeat(100_000)))
                .isEqualTo("the body nests arrays and objects more than 64 deep");
        assertThat(invalidBodyMessage("[{\"totalSleepMinutes\":" + "1".repeat(100_000) + "}]"))
                .startsWith("the body has a number longer than 100 characters");
        assertThat(invalidBodyMessage("[{\"totalSleepMinutes\":NaN}]"))
                .isEqualTo("the body has NaN or Infinity, which JSON does not allow: numbers must be finite"
                        + " (line 1, column 26)");
        assertThat(invalidBodyMessage("{\"totalSleepMinutes\":-Infinity}")).startsWith("the body has NaN or Infinity");
        assertThat(invalidBodyMessage("[{\"a\":1} {\"b\":2}]")).startsWith("the body is not well-formed JSON (line 1");
    }

    @Test
    void aBodyInUtf16OrUtf32IsInvalidNotAnInternalError() {
        for (Charset charset :
                List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE, Charset.forName("UTF-32"))) {
            byte[] body = "[{\"clinicId\":\"c\"}]".getBytes(charset);
            assertThatThrownBy(() -> parser.parse(body, BatchFormat.JSON))
                    .as(charset.name())
                    .satisfies(e -> {
                        ApiError error = ((ApiException) e).error();
                        assertThat(error.status()).isEqualTo(400);
                        assertThat(error.message()).isEqualTo("the body is not JSON text in UTF-8");
                    });
        }
    }

    @Test
    void hostileNdjsonLinesAreProblemsOfTheirLines() {
        BatchParser.Result lines = new BatchParser(10)
                .parse(
                        ("{\"a\":1}\n" + "[".repeat(100_000) + "\n{\"n\":" + "7".repeat(100_000) + "}\n{\"n\":NaN}")
                                .getBytes(StandardCharsets.UTF_8),
                        BatchFormat.NDJSON);

        assertThat(lines.items()).extracting(BatchItem::index).containsExactly(1L);
        assertThat(lines.problems())
                .containsExactly(
                        RecordProblem.at(2, "$", "nests arrays and objects more than 64 deep"),
                        RecordProblem.at(3, "$", "has a number longer than 100 characters"),
                        RecordProblem.at(
                                4, "$", "has NaN or Infinity, which JSON does not allow: numbers must be finite"));
    }

    private String invalidBodyMessage(String body) {
        try {
            parse(body, BatchFormat.JSON);
        } catch (ApiException e) {
            assertThat(e.error().status()).isEqualTo(400);
            assertThat(e.error().error()).isEqualTo("invalid_body");
            return e.error().message();
        }
        throw new AssertionError("accepted: " + body.substring(0, Math.min(body.length(), 40)));
    }

    private BatchParser.Result parse(String body, BatchFormat format) {
        return parser.parse(body.getBytes(StandardCharsets.UTF_8), format);
    }
}
