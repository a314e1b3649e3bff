package org.sleepdelta.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesTest {
    private static final String GOOD = """
            {"clinicId":"k","clientId":"c","sessionId":"s1","modality":"THAI","start":"2026-03-02T10:00:00Z","durationMinutes":60,"timezone":"UTC"}""";

    @Test
    void badLinesAreReportedWithTheirNumberAndTheRestIsRead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sessions.jsonl");
        Files.writeString(
                file,
                GOOD + "\n\n{not json\n" + GOOD.replace("\"durationMinutes\":60", "\"durationMinutes\":2") + "\n"
                        + GOOD.replace("s1", "s2") + "\n");
        List<String> records = new ArrayList<>();
        List<String> bad = new ArrayList<>();

        long read = JsonLines.read(
                file,
                CanonicalJson::massageSession,
                (f, line, s) -> records.add(line + ":" + s.getSessionId()),
                (f, line, text, violations) -> bad.add(f.getFileName() + ":" + line + " " + violations));

        assertThat(read).isEqualTo(4);
        assertThat(records).containsExactly("1:s1", "5:s2");
        assertThat(bad)
                .containsExactly(
                        "sessions.jsonl:3 [$: is not well-formed JSON]",
                        "sessions.jsonl:4 [durationMinutes: must be from 5 to 300]");
    }

    @Test
    void aLineWithADuplicateKeyIsABadLineNamingTheKey(@TempDir Path dir) throws Exception {
        // as a replay file could forge a clinic: the second clinicId must neither win nor be ignored
        Path file = dir.resolve("sessions.jsonl");
        Files.writeString(file, GOOD.replace("\"clientId\"", "\"clinicId\":\"other\",\"clientId\"") + "\n");
        List<String> bad = new ArrayList<>();

        JsonLines.read(
                file,
                CanonicalJson::massageSession,
                (f, line, s) -> bad.add("read " + s.getClinicId()),
                (f, line, text, violations) -> bad.add(line + " " + violations));

        assertThat(bad).containsExactly("1 [clinicId: " + StrictJson.DUPLICATE_KEY + "]");
    }
}
