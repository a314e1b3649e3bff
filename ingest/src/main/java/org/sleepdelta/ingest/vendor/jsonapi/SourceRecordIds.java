package org.sleepdelta.ingest.vendor.jsonapi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.sleepdelta.schemas.Ids;

/**
 * Deterministic canonical {@code sourceRecordId}s from vendor ids: {@code <prefix>:<vendor id>} when that already
 * matches the contract's id pattern, otherwise the id with every disallowed character replaced by {@code _}, cut to
 * fit, and followed by {@code .} and 16 hex digits of the SHA-256 of the original id, so two vendor ids that clean up
 * to the same text still get different canonical ids.
 */
public final class SourceRecordIds {
    private static final int MAX_LENGTH = 64;
    private static final int HASH_HEX_DIGITS = 16;

    private SourceRecordIds() {}

    public static String of(String prefix, String vendorId) {
        String plain = prefix + ":" + vendorId;
        if (Ids.isValid(plain)) {
            return plain;
        }
        String cleaned = vendorId.replaceAll("[^A-Za-z0-9._:-]", "_");
        int room = MAX_LENGTH - prefix.length() - 2 - HASH_HEX_DIGITS;
        if (cleaned.length() > room) {
            cleaned = cleaned.substring(0, room);
        }
        return prefix + ":" + cleaned + "." + sha256Hex(vendorId).substring(0, HASH_HEX_DIGITS);
    }

    private static String sha256Hex(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
