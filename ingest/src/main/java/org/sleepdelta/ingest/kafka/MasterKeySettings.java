package org.sleepdelta.ingest.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.sleepdelta.platform.config.Configuration;
import org.sleepdelta.platform.config.InvalidValueException;
import org.sleepdelta.platform.config.Setting;
import org.sleepdelta.schemas.crypto.MasterKeys;

/**
 * The master keys that wrap client data keys ({@code docs/privacy.md}), from a file or the environment: for the
 * ingest service and the importers, which encrypt what they write. The errors name the entry and what is wrong with
 * it, never key material.
 */
public final class MasterKeySettings {
    /** A file with one {@code id=base64-key} per line, the current key first; re-read at each start. */
    public static final Setting<MasterKeys> MASTER_KEYS_FILE = Setting.custom(
                    "master-keys-file",
                    "the path of a readable file holding " + MasterKeys.EXPECTATION,
                    MasterKeySettings::readFile)
            .optional();
    /** The same entries in one value, usually from SLEEPDELTA_MASTER_KEYS; only one of the two may be set. */
    public static final Setting<MasterKeys> MASTER_KEYS = Setting.custom(
                    "master-keys", MasterKeys.EXPECTATION, MasterKeySettings::parse)
            .secret()
            .optional();

    private MasterKeySettings() {}

    /** The configured master keys, if any. @throws IllegalArgumentException when both settings are set */
    public static Optional<MasterKeys> find(Configuration config) {
        Optional<MasterKeys> file = config.find(MASTER_KEYS_FILE);
        Optional<MasterKeys> value = config.find(MASTER_KEYS);
        if (file.isPresent() && value.isPresent()) {
            throw new IllegalArgumentException(
                    "set either master-keys-file or master-keys (SLEEPDELTA_MASTER_KEYS), not both");
        }
        return file.isPresent() ? file : value;
    }

    /** @throws IllegalArgumentException naming both settings when neither is set: nothing is written unencrypted */
    public static MasterKeys required(Configuration config) {
        return find(config).orElseThrow(() -> new IllegalArgumentException(missing()));
    }

    /** Why a service that encrypts refuses to start without master keys. */
    public static String missing() {
        return "no master key to encrypt client payloads with: set master-keys-file (SLEEPDELTA_MASTER_KEYS_FILE) or "
                + "SLEEPDELTA_MASTER_KEYS to entries id=base64-key (32 random bytes each; see docs/privacy.md)";
    }

    private static MasterKeys parse(String text) {
        try {
            return MasterKeys.parse(text);
        } catch (IllegalArgumentException e) {
            // MasterKeys' messages name an entry's position and id, never its key.
            throw InvalidValueException.safeForSecrets(e.getMessage());
        }
    }

    private static MasterKeys readFile(String text) {
        Path path = Path.of(text);
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new InvalidValueException(Files.exists(path) ? "not a readable regular file" : "no such file");
        }
        try {
            return MasterKeys.readFile(path);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException(e.getMessage());
        }
    }
}
