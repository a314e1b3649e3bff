package org.sleepdelta.ingest.vendor.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.CharConversionException;
import org.sleepdelta.ingest.vendor.PayloadException;
import org.sleepdelta.schemas.json.StrictJson;

/** A vendor payload that {@link StrictJson} could not read, as a {@link PayloadException} that quotes no input. */
public final class JsonFailures {
    private JsonFailures() {}

    /**
     * E.g. "the payload has a duplicate key `sleep[3].id`: each key may appear only once in an object (line 9, column
     * 14)", "the payload nests arrays and objects more than 64 deep (…)", "the payload is not valid JSON (…)".
     */
    public static PayloadException payloadException(JsonProcessingException failure) {
        StrictJson.Problem problem = StrictJson.problem(failure);
        String where = problem.line() > 0 ? " (line " + problem.line() + ", column " + problem.column() + ")" : "";
        if (problem.duplicateKey()) {
            return new PayloadException("the payload has a duplicate key `" + problem.path() + "`: each key may "
                    + "appear only once in an object" + where);
        }
        if (problem.reason().equals("is not well-formed JSON")) {
            return new PayloadException("the payload is not valid JSON" + where);
        }
        return new PayloadException("the payload " + problem.reason() + where);
    }

    /**
     * Jackson took the first bytes for UTF-32 and met an invalid character: not a {@link JsonProcessingException}, yet
     * the payload's fault, not the upload's.
     */
    public static PayloadException notUnicode(CharConversionException failure) {
        return new PayloadException("the payload is not JSON text in UTF-8, UTF-16 or UTF-32", failure);
    }
}
