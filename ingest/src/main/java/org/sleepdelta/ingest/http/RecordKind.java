package org.sleepdelta.ingest.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Function;
import org.sleepdelta.schemas.CanonicalRecord;
import org.sleepdelta.schemas.json.CanonicalJson;
import org.sleepdelta.schemas.json.Parsed;

/**
 * Which of the two canonical record types a batch endpoint takes: what it must know before it has a record (how to read
 * one from JSON) and how its meters are tagged. Everything else it asks of the records themselves
 * ({@link CanonicalRecord}).
 */
enum RecordKind {
    SLEEP("sleep", node -> CanonicalJson.sleepRecord(node).map(CanonicalRecord::of)),
    SESSION("session", node -> CanonicalJson.massageSession(node).map(CanonicalRecord::of));

    private final String metricTag;
    private final Function<JsonNode, Parsed<CanonicalRecord>> parser;

    RecordKind(String metricTag, Function<JsonNode, Parsed<CanonicalRecord>> parser) {
        this.metricTag = metricTag;
        this.parser = parser;
    }

    /** Strict canonical JSON, with every contract rule ({@code CanonicalJson}). */
    Parsed<CanonicalRecord> parse(JsonNode node) {
        return parser.apply(node);
    }

    /** The {@code kind} tag of the ingest meters. */
    String metricTag() {
        return metricTag;
    }
}
