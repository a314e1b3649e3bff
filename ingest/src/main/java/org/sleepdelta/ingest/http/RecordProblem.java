package org.sleepdelta.ingest.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.sleepdelta.ingest.vendor.Problem;
import org.sleepdelta.schemas.json.CanonicalJson;
import org.sleepdelta.schemas.validation.Violation;

/**
 * One problem with one record of a batch, as the error body lists it.
 *
 * @param index    where the record is: its position in a JSON array (from 0), its line number in NDJSON (from 1), or
 *                 its position in a vendor adapter's output; null when {@code location} says where
 * @param location where in a vendor payload (the adapter's words, e.g. {@code sleep[3]}); null when {@code index} does
 * @param field    the field at fault, {@code $} for the record as a whole, or null
 * @param reason   what is wrong and what is expected; never echoes a value
 */
public record RecordProblem(Long index, String location, String field, String reason) {
    public static RecordProblem at(long index, Violation violation) {
        return new RecordProblem(index, null, violation.field(), violation.reason());
    }

    public static RecordProblem at(long index, String field, String reason) {
        return new RecordProblem(index, null, field, reason);
    }

    public static RecordProblem of(Problem vendorProblem) {
        return new RecordProblem(null, vendorProblem.location(), vendorProblem.field(), vendorProblem.reason());
    }

    ObjectNode toJson() {
        ObjectNode o = CanonicalJson.mapper().createObjectNode();
        if (index != null) {
            o.put("index", index);
        }
        if (location != null) {
            o.put("location", location);
        }
        if (field != null) {
            o.put("field", field);
        }
        o.put("reason", reason);
        return o;
    }
}
