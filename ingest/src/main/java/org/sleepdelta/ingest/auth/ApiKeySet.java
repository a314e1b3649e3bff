package org.sleepdelta.ingest.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A fixed set of stored keys. */
public final class ApiKeySet implements ApiKeys {
    private final List<StoredApiKey> keys;

    public ApiKeySet(List<StoredApiKey> keys) {
        this.keys = List.copyOf(keys);
    }

    public ApiKeySet plus(ApiKeySet other) {
        List<StoredApiKey> all = new ArrayList<>(keys);
        all.addAll(other.keys);
        return new ApiKeySet(all);
    }

    public int size() {
        return keys.size();
    }

    /**
     * Compares the key's hash with every stored hash, without stopping at a match, so the time taken says nothing
     * about which stored key (if any) was close.
     */
    @Override
    public Optional<String> clinicFor(String presentedKey) {
        byte[] presented = ApiKeyHash.sha256(presentedKey);
        String clinic = null;
        for (StoredApiKey key : keys) {
            if (key.matches(presented) && clinic == null) {
                clinic = key.clinicId();
            }
        }
        return Optional.ofNullable(clinic);
    }
}
