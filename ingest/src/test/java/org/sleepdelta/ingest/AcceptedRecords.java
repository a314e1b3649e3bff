package org.sleepdelta.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.schemas.CanonicalRecord;
import org.sleepdelta.schemas.codec.Codecs;
import org.sleepdelta.schemas.json.CanonicalJson;
import org.sleepdelta.schemas.json.Parsed;
import org.sleepdelta.schemas.validation.Violation;

/**
 * What every record that a reader of client input accepts must be, for the fuzz tests: valid under the contract, of
 * the caller's clinic, and unchanged through the two forms it travels in (Avro on the topics, canonical JSON in a
 * rejection or a replay). A record breaking this is a finding: it would fail later, far from the input that made it.
 */
public final class AcceptedRecords {
    private AcceptedRecords() {}

    /** @throws AssertionError naming the broken rule (never the record's values: they may be client data) */
    public static void check(CanonicalRecord record, String clinicId) {
        List<Violation> violations = record.contractViolations();
        if (!violations.isEmpty()) {
            throw new AssertionError("an accepted record breaks the contract: " + violations);
        }
        if (!clinicId.equals(record.clinicId())) {
            throw new AssertionError("an accepted record names another clinic than the caller's");
        }
        record.fold(AcceptedRecords::sameThroughAvroAndJson, AcceptedRecords::sameThroughAvroAndJson);
    }

    private static Void sameThroughAvroAndJson(SleepRecord record) {
        same(record, Codecs.sleepRecord().decode(Codecs.sleepRecord().encode(record)), "Avro");
        same(record, parsed(CanonicalJson.sleepRecord(json(CanonicalJson.toJson(record)))), "canonical JSON");
        return null;
    }

    private static Void sameThroughAvroAndJson(MassageSession session) {
        same(session, Codecs.massageSession().decode(Codecs.massageSession().encode(session)), "Avro");
        same(session, parsed(CanonicalJson.massageSession(json(CanonicalJson.toJson(session)))), "canonical JSON");
        return null;
    }

    /** Through the text, as a rejection's payload or a replayed file carries it. */
    private static JsonNode json(JsonNode node) {
        try {
            return CanonicalJson.mapper().readTree(CanonicalJson.line(node));
        } catch (java.io.IOException e) {
            throw new AssertionError("an accepted record's canonical JSON cannot be read back", e);
        }
    }

    private static <T> T parsed(Parsed<T> parsed) {
        if (!parsed.isValid()) {
            throw new AssertionError(
                    "an accepted record's canonical JSON is not valid canonical JSON: " + parsed.violations());
        }
        return parsed.value();
    }

    private static void same(Object accepted, Object travelled, String form) {
        if (!accepted.equals(travelled)) {
            throw new AssertionError("an accepted record changes when written as " + form + " and read back");
        }
    }
}
