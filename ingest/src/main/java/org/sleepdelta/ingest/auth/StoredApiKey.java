package org.sleepdelta.ingest.auth;

import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;

/**
 * One API key as stored: its digest, the clinic it writes for, what it may do, and until when.
 *
 * @param digest   {@code HMAC-SHA-256(pepper, key)}, or for a {@link Hashing#LEGACY_SHA256} line {@code SHA-256(key)}
 * @param label    who or what the key is for (e.g. "front desk laptop"), or null; for the people who rotate keys, and
 *                 what accepted records carry instead of the key
 * @param scopes   what the key may do; never empty
 * @param expires  from when the key no longer works, or null for never
 */
public record StoredApiKey(
        byte[] digest, Hashing hashing, String clinicId, String label, Set<Scope> scopes, Instant expires) {

    /** How the digest was made. */
    public enum Hashing {
        HMAC_SHA256,
        /** The plain SHA-256 lines of earlier versions: still accepted, with a warning, until rotated. */
        LEGACY_SHA256
    }

    public StoredApiKey {
        digest = digest.clone();
        Objects.requireNonNull(hashing, "hashing");
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("a key needs at least one scope");
        }
        scopes = Set.copyOf(EnumSet.copyOf(scopes));
    }

    /** A legacy plain SHA-256 key with the default scope and no expiry. */
    public StoredApiKey(byte[] sha256, String clinicId, String label) {
        this(sha256, Hashing.LEGACY_SHA256, clinicId, label, Scope.DEFAULT, null);
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    boolean matches(byte[] presentedDigest) {
        return ApiKeyHash.same(digest, presentedDigest);
    }

    public boolean expiredAt(Instant now) {
        return expires != null && !now.isBefore(expires);
    }

    /**
     * What accepted records and the request log carry to name this key: its label, or without one {@code key:} and
     * the digest's first 8 hex digits (which says nothing about the key, yet tells the keys file's lines apart).
     */
    public String displayLabel() {
        return label != null ? label : "key:" + HexFormat.of().formatHex(digest, 0, 4);
    }

    public ApiKeyPrincipal principal() {
        return new ApiKeyPrincipal(clinicId, displayLabel(), scopes);
    }

    @Override
    public String toString() {
        return "StoredApiKey[" + hashing + ", clinic=" + clinicId + ", label=" + displayLabel() + ", scopes="
                + Scope.text(scopes) + ", expires=" + expires + "]";
    }
}
