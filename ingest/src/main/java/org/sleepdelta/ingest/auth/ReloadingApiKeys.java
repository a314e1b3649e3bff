package org.sleepdelta.ingest.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API keys from a file (see {@link ApiKeyLines}) plus fixed keys (from the environment), rotatable without a restart.
 * At most once per {@code checkEvery}, a request re-reads the file; when its content changed, the file's keys are
 * replaced as a whole, so a removed key stops working and a new one starts. A file that cannot be read or has a bad
 * line changes nothing: the previous keys stay, and one error is logged per change, naming lines but never their
 * content. An empty file (comments only) revokes every file key; a deleted file keeps them, as it is more likely a
 * botched deployment than a revocation.
 */
public final class ReloadingApiKeys implements ApiKeys {
    private static final Logger log = LoggerFactory.getLogger(ReloadingApiKeys.class);
    static final long MAX_FILE_BYTES = 1024 * 1024;

    private final Path file;
    private final ApiKeySet fixed;
    private final Clock clock;
    private final Duration checkEvery;
    private final ReentrantLock reloading = new ReentrantLock();
    private volatile ApiKeySet current;
    private volatile Instant nextCheck;
    // What the last look at the file found (content, or a problem text), so each change is acted on and logged once.
    private byte[] lastContent;
    private String lastProblem;

    private ReloadingApiKeys(Path file, ApiKeySet fixed, Clock clock, Duration checkEvery) {
        this.file = file.toAbsolutePath().normalize();
        this.fixed = fixed;
        this.clock = clock;
        this.checkEvery = checkEvery;
    }

    /**
     * Reads the file now.
     *
     * @throws IllegalStateException when the file cannot be read or has a bad line: a service must not start with
     *                               keys other than those intended
     */
    public static ReloadingApiKeys load(Path file, ApiKeySet fixed, Clock clock, Duration checkEvery) {
        ReloadingApiKeys keys = new ReloadingApiKeys(file, fixed, clock, checkEvery);
        byte[] content;
        try {
            content = read(keys.file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the API keys file " + keys.file + ": " + describe(e), e);
        }
        ApiKeyLines.Result result = parse(content);
        if (!result.isValid()) {
            throw new IllegalStateException(
                    "the API keys file " + keys.file + " is invalid: " + String.join("; ", result.problems()));
        }
        keys.lastContent = content;
        keys.current = fixed.plus(new ApiKeySet(result.keys()));
        keys.nextCheck = clock.instant().plus(checkEvery);
        log.info("API keys: {} from {}, {} from the environment", result.keys().size(), keys.file, fixed.size());
        return keys;
    }

    @Override
    public Optional<String> clinicFor(String presentedKey) {
        maybeReload();
        return current.clinicFor(presentedKey);
    }

    /** How many keys work right now. */
    public int size() {
        return current.size();
    }

    private void maybeReload() {
        Instant now = clock.instant();
        // One request checks; the others go on with the current keys rather than wait.
        if (now.isBefore(nextCheck) || !reloading.tryLock()) {
            return;
        }
        try {
            if (now.isBefore(nextCheck)) {
                return;
            }
            nextCheck = now.plus(checkEvery);
            reloadIfChanged();
        } finally {
            reloading.unlock();
        }
    }

    private void reloadIfChanged() {
        byte[] content;
        try {
            content = read(file);
        } catch (IOException e) {
            keepPrevious("cannot be read (" + describe(e) + ")");
            return;
        }
        if (Arrays.equals(content, lastContent)) {
            return;
        }
        lastContent = content;
        ApiKeyLines.Result result = parse(content);
        if (!result.isValid()) {
            keepPrevious("is invalid: " + String.join("; ", result.problems()));
            return;
        }
        lastProblem = null;
        current = fixed.plus(new ApiKeySet(result.keys()));
        log.info(
                "API keys reloaded: {} from {}, {} from the environment",
                result.keys().size(),
                file,
                fixed.size());
    }

    private void keepPrevious(String problem) {
        if (!problem.equals(lastProblem)) {
            lastProblem = problem;
            log.error("API keys file {} {}; keeping the previous {} keys", file, problem, current.size());
        }
        if (!problem.startsWith("is invalid")) {
            lastContent = null; // re-read and re-parse once the file is back, even if unchanged
        }
    }

    private static byte[] read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new IOException("larger than " + MAX_FILE_BYTES + " bytes");
        }
        return Files.readAllBytes(file);
    }

    private static ApiKeyLines.Result parse(byte[] content) {
        return ApiKeyLines.parse(List.of(new String(content, StandardCharsets.UTF_8).split("\\R", -1)), "line");
    }

    private static String describe(IOException e) {
        return e instanceof NoSuchFileException ? "no such file" : e.getMessage();
    }
}
