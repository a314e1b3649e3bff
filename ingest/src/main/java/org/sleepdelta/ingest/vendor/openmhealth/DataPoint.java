package org.sleepdelta.ingest.vendor.openmhealth;

import static org.sleepdelta.ingest.vendor.support.JsonFields.object;
import static org.sleepdelta.ingest.vendor.support.JsonFields.optional;
import static org.sleepdelta.ingest.vendor.support.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import org.sleepdelta.ingest.vendor.support.ItemProblem;

/**
 * One item of an Open mHealth payload: a data point {@code {"header": {…}, "body": {…}}} or a bare body.
 *
 * @param headerId {@code header.id}, or null for a bare body or a header without one
 * @param body     the sleep-episode body
 * @param bodyPath how field paths inside the body are prefixed: {@code body} for a data point, empty for a bare body
 */
record DataPoint(String headerId, JsonNode body, String bodyPath) {
    private static final String SLEEP_EPISODE = "sleep-episode";

    static DataPoint of(JsonNode item) {
        object(item, "$");
        JsonNode body = optional(item, "body");
        if (body == null) {
            return new DataPoint(null, item, "");
        }
        object(body, "body");
        JsonNode header = optional(item, "header");
        if (header == null) {
            return new DataPoint(null, body, "body");
        }
        object(header, "header");
        requireSleepEpisode(header);
        JsonNode id = optional(header, "id");
        String headerId = id == null ? null : text(id, "header.id");
        if (headerId != null && headerId.isBlank()) {
            throw new ItemProblem("header.id", "must not be blank");
        }
        return new DataPoint(headerId, body, "body");
    }

    /** A header naming another schema (heart-rate, step-count…) is not ours to read as sleep. */
    private static void requireSleepEpisode(JsonNode header) {
        JsonNode schemaId = optional(header, "schema_id");
        if (schemaId == null) {
            return;
        }
        object(schemaId, "header.schema_id");
        JsonNode name = optional(schemaId, "name");
        if (name != null && !SLEEP_EPISODE.equals(text(name, "header.schema_id.name"))) {
            throw new ItemProblem(
                    "header.schema_id.name", "must be sleep-episode: only sleep episodes are accepted here");
        }
    }
}
