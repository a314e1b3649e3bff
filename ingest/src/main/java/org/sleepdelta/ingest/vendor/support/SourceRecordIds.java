package org.sleepdelta.ingest.vendor.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.sleepdelta.schemas.Ids;

/**
 * Deterministic sourceRecordIds that obey the contract's id rule, so re-sending a payload replaces rather than
 * duplicates. Long or oddly spelt natural keys are hashed (SHA-256, first 128 bits in hex): the id stays stable and
 * short, and the hash reveals nothing of the key.
 */
public final class SourceRecordIds {
    private static final int HASH_HEX_CHARS = 32;

    private SourceRecordIds() {}

    /** The vendor's own id when it already matches the contract's id rule, otherwise {@code prefix} + its hash. */
    public static String fromVendorId(String prefix, String vendorId) {
        return Ids.isValid(vendorId) ? vendorId : hashed(prefix, vendorId);
    }

    /** {@code prefix} followed by a hash of the key parts (separated unambiguously). */
    public static String hashed(String prefix, String... keyParts) {
        MessageDigest sha = sha256();
        for (String part : keyParts) {
            sha.update(part.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        }
        return prefix + HexFormat.of().formatHex(sha.digest()).substring(0, HASH_HEX_CHARS);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
