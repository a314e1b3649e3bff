package org.sleepdelta.cli.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleepdelta.ingest.auth.ApiKeyPepper;
import org.sleepdelta.ingest.auth.ApiKeyTool;
import org.sleepdelta.ingest.auth.Scope;
import org.sleepdelta.simulator.Clinic;

/**
 * The simulated clinics' API keys: one per clinic, made fresh for each run, as a real clinic would hold its own, and
 * stored as HMAC-SHA-256 with a pepper that is also random per run (it lives only in this process).
 */
final class DemoClinics {
    private final Map<String, ApiKeyTool.NewApiKey> keys;
    private final String pepper;

    private DemoClinics(Map<String, ApiKeyTool.NewApiKey> keys, String pepper) {
        this.keys = keys;
        this.pepper = pepper;
    }

    static DemoClinics create(List<Clinic> clinics) {
        String pepper = ApiKeyTool.newPepper();
        ApiKeyPepper keyedWith = ApiKeyPepper.of(pepper);
        Map<String, ApiKeyTool.NewApiKey> keys = new LinkedHashMap<>();
        for (Clinic clinic : clinics) {
            // write and erase: a clinic trying the demo can also erase a client (docs/privacy.md)
            keys.put(
                    clinic.id(),
                    ApiKeyTool.create(
                            keyedWith, clinic.id(), "demo " + clinic.id(), EnumSet.of(Scope.WRITE, Scope.ERASE), null));
        }
        return new DemoClinics(keys, pepper);
    }

    /** For the ingest service's SLEEPDELTA_API_KEY_PEPPER. */
    String pepper() {
        return pepper;
    }

    Map<String, String> keyByClinic() {
        Map<String, String> byClinic = new LinkedHashMap<>();
        keys.forEach((clinic, key) -> byClinic.put(clinic, key.key()));
        return byClinic;
    }

    /** The ingest service's side: hashes only. */
    List<String> keysFileLines() {
        List<String> lines = new ArrayList<>();
        keys.values().forEach(key -> lines.add(key.keysFileLine()));
        return lines;
    }

    /** Writes "clinic key" lines, readable by the owner only, so a user can post more data while the demo keeps running. */
    Path writeKeys(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve("demo-api-keys.txt");
        Files.deleteIfExists(file);
        Files.createFile(file);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the temp directory is already per-user
        }
        StringBuilder text = new StringBuilder(
                "# clinic id, then its API key (scopes write and erase; header: Authorization: Bearer <key>); valid while this"
                        + " demo runs\n");
        keys.forEach((clinic, key) ->
                text.append(clinic).append(' ').append(key.key()).append('\n'));
        Files.writeString(file, text);
        return file;
    }
}
