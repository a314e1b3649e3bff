package org.sleepdelta.ingest.importer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.schemas.CanonicalRecord;
import org.sleepdelta.schemas.json.CanonicalJson;
import org.sleepdelta.schemas.json.JsonLines;
import org.sleepdelta.schemas.json.Parsed;
import org.sleepdelta.schemas.validation.Violation;

/** Reads canonical session JSON Lines for one clinic; a line naming another clinic is rejected, never imported. */
public final class SessionJsonReader {
    private final String clinicId;

    public SessionJsonReader(String clinicId) {
        this.clinicId = clinicId;
    }

    public long read(Path file, RecordSink sink) throws IOException {
        return JsonLines.read(
                file,
                node -> {
                    Parsed<MassageSession> parsed = CanonicalJson.massageSession(node);
                    if (parsed.isValid() && !clinicId.equals(parsed.value().getClinicId())) {
                        return Parsed.invalid(
                                List.of(new Violation("clinicId", "names another clinic than the one being imported")));
                    }
                    return parsed;
                },
                (f, line, session) -> sink.record(line, CanonicalRecord.of(session)),
                (f, line, text, violations) -> sink.rejected(line, text, violations));
    }
}
