package org.sleepdelta.ingest.auth;

/**
 * One API key as stored: its SHA-256 and the clinic it writes for.
 *
 * @param label who or what the key is for (e.g. "front desk laptop"), or null; for the people who rotate keys
 */
public record StoredApiKey(byte[] sha256, String clinicId, String label) {
    public StoredApiKey {
        sha256 = sha256.clone();
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    boolean matches(byte[] presentedHash) {
        return ApiKeyHash.same(sha256, presentedHash);
    }
}
