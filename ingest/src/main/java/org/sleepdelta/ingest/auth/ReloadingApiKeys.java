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
    private final ApiKeyPepper pepper;
    private final Clock clock;
    private final Duration checkEvery;
    private final ReentrantLock reloading = new ReentrantLock();
    private volatile ApiKeySet current;
    private volatile Instant nextCheck;
    // What the last look at the file found (content, or a problem text), so each change is acted on and logged once.
    private byte[] lastContent;
    private String lastProblem;

    private ReloadingApiKeys(Path file, ApiKeySet fixed, ApiKeyPepper pepper, Clock clock, Duration checkEvery) {
        this.file = file.toAbsolutePath().normalize();
        this.fixed = fixed;
        this.pepper = pepper;
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
        return load(file, fixed, null, clock, checkEvery);
    }

    /**
     * Reads the file now.
     *
     * @param pepper what HMAC lines were keyed with; null when there is none, and then every HMAC line is a problem
     * @throws IllegalStateException when the file cannot be read or has a bad line: a service must not start with
     *                               keys other than those intended
     */
    public static ReloadingApiKeys load(
            Path file, ApiKeySet fixed, ApiKeyPepper pepper, Clock clock, Duration checkEvery) {
        ReloadingApiKeys keys = new ReloadingApiKeys(file, fixed, pepper, clock, checkEvery);
        byte[] content;
        try {
            content = read(keys.file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the API keys file " + keys.file + ": " + describe(e), e);
        }
        ApiKeyLines.Result result = keys.parse(content);
        if (!result.isValid()) {
            throw new IllegalStateException(
                    "the API keys file " + keys.file + " is invalid: " + String.join("; ", result.problems()));
        }
        keys.lastContent = content;
        keys.current = fixed.plus(new ApiKeySet(result.keys(), pepper));
        keys.warnLegacy(result);
        keys.nextCheck = clock.instant().plus(checkEvery);
        log.info("API keys: {} from {}, {} from the environment", result.keys().size(), keys.file, fixed.size());
        return keys;
    }

    @Override
    public Optional<StoredApiKey> find(String presentedKey) {
        maybeReload();
        return current.find(presentedKey);
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
        current = fixed.plus(new ApiKeySet(result.keys(), pepper));
        warnLegacy(result);
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

    private ApiKeyLines.Result parse(byte[] content) {
        return ApiKeyLines.parse(
                List.of(new String(content, StandardCharsets.UTF_8).split("\\R", -1)), "line", pepper != null);
    }

    /** Legacy SHA-256 lines still work, but the operator is told, at start and on every change, which to rotate. */
    private void warnLegacy(ApiKeyLines.Result result) {
        if (!result.legacy().isEmpty()) {
            log.warn(
                    "API keys file {}: {} store(s) a plain SHA-256 of the key (the format before hmac-sha256); they "
                            + "still work, but replace them with keys from './sleepdelta api-key' and remove them",
                    file,
                    String.join(", ", result.legacy()));
        }
    }

    private static String describe(IOException e) {
        return e instanceof NoSuchFileException ? "no such file" : e.getMessage();
    }
}
