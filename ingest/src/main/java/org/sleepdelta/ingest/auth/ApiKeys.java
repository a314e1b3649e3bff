package org.sleepdelta.ingest.auth;

import java.util.Optional;

/** The stored keys, looked up by a presented key. */
@FunctionalInterface
public interface ApiKeys {
    /**
     * Checks every stored key, whether expired or not: the caller decides what an expired key gets.
     *
     * @return the stored key, or empty when the key is unknown
     */
    Optional<StoredApiKey> find(String presentedKey);

    /** @return the key's clinic, or empty when the key is unknown (expiry and scopes not considered) */
    default Optional<String> clinicFor(String presentedKey) {
        return find(presentedKey).map(StoredApiKey::clinicId);
    }
}
