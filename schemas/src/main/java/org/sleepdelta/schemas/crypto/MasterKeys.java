package org.sleepdelta.schemas.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The master keys a service knows: the <em>current</em> one wraps new data keys, and every one of them unwraps. That
 * is what makes rotation possible: add a new key in front, and data keys wrapped under the old ones still open.
 *
 * <p>Text form (the {@code master-keys} setting, or each line of the {@code master-keys-file}): entries
 * {@code id=base64-of-32-bytes}, separated by commas or line breaks; {@code #} starts a comment line. The <b>first</b>
 * entry is the current key. Errors name the entry by position and id, never the key material.
 */
public final class MasterKeys {
    /** Completes "expected ...", for the settings that hold master keys. */
    public static final String EXPECTATION = "entries id=base64-key (32 bytes, AES-256) separated by commas or lines,"
            + " the first being the current key, ids matching " + MasterKey.ID.pattern() + " and distinct";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final MasterKey current;
    private final Map<String, MasterKey> byId;

    private MasterKeys(List<MasterKey> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no master key given");
        }
        Map<String, MasterKey> ids = new LinkedHashMap<>();
        for (MasterKey key : keys) {
            if (ids.putIfAbsent(key.id(), key) != null) {
                throw new IllegalArgumentException("master key id '" + key.id() + "' is given more than once");
            }
        }
        this.current = keys.get(0);
        this.byId = Map.copyOf(ids);
    }

    /** @throws IllegalArgumentException naming the bad entry (position, id) and what is wrong, never its key */
    public static MasterKeys parse(String text) {
        List<MasterKey> keys = new ArrayList<>();
        int position = 0;
        for (String line : text.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            for (String entry : trimmed.split(",")) {
                position++;
                keys.add(entry(entry.strip(), position));
            }
        }
        return new MasterKeys(keys);
    }

    /** @throws IllegalArgumentException when the file cannot be read or its content is invalid (never quoted) */
    public static MasterKeys readFile(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the master keys file " + file, e);
        }
    }

    private static MasterKey entry(String entry, int position) {
        int equals = entry.indexOf('=');
        if (equals <= 0) {
            throw new IllegalArgumentException("entry " + position + " is not id=base64-key");
        }
        String id = entry.substring(0, equals).strip();
        if (!MasterKey.ID.matcher(id).matches()) {
            throw new IllegalArgumentException("entry " + position + ": the id must match " + MasterKey.ID.pattern());
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(entry.substring(equals + 1).strip());
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalArgumentException("entry " + position + " (id '" + id + "'): the key is not base64");
        }
        if (key.length != MasterKey.KEY_BYTES) {
            throw new IllegalArgumentException("entry " + position + " (id '" + id + "'): the key must be "
                    + MasterKey.KEY_BYTES + " bytes (AES-256), was " + key.length);
        }
        return new MasterKey(id, key);
    }

    /** A fresh random key with this id, as text for {@link #parse}: for the demo, tests and {@code rotation}. */
    public static String generateEntry(String id) {
        byte[] key = new byte[MasterKey.KEY_BYTES];
        RANDOM.nextBytes(key);
        return id + "=" + Base64.getEncoder().encodeToString(key);
    }

    /** The key that wraps new data keys. */
    public MasterKey current() {
        return current;
    }

    /** The key with this id, if this service knows it. */
    public Optional<MasterKey> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /**
     * An AES-256 key for one purpose ({@code "oauth-state"}), derived from the current master key as HMAC-SHA256(master,
     * purpose): small secrets that live outside any topic (a signed link) need no key of their own, and a key derived
     * for one purpose opens nothing of another.
     */
    public SecretKey derive(String purpose) {
        return derive(current, purpose);
    }

    /** The same key derived from every known master key, the current one first: what opens after a rotation. */
    public List<SecretKey> deriveAll(String purpose) {
        List<SecretKey> keys = new ArrayList<>();
        keys.add(derive(current, purpose));
        byId.values().stream()
                .filter(k -> !k.id().equals(current.id()))
                .sorted(java.util.Comparator.comparing(MasterKey::id))
                .forEach(k -> keys.add(derive(k, purpose)));
        return keys;
    }

    private static SecretKey derive(MasterKey master, String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(master.secretKey().getEncoded(), "HmacSHA256"));
            return new SecretKeySpec(mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8)), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no HmacSHA256", e);
        }
    }

    @Override
    public String toString() {
        return "MasterKeys[current " + current.id() + ", " + byId.size() + " known, <secret>]";
    }
}
