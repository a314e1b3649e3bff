package org.sleepdelta.ingest.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A fixed set of stored keys, and the pepper their HMAC digests were made with (null when there is none). */
public final class ApiKeySet implements ApiKeys {
    private final List<StoredApiKey> keys;
    private final ApiKeyPepper pepper;
    private final boolean anyLegacy;

    /**
     * @throws IllegalArgumentException when a key is stored as HMAC but there is no pepper
     */
    public ApiKeySet(List<StoredApiKey> keys, ApiKeyPepper pepper) {
        this.keys = List.copyOf(keys);
        this.pepper = pepper;
        this.anyLegacy = keys.stream().anyMatch(k -> k.hashing() == StoredApiKey.Hashing.LEGACY_SHA256);
        if (pepper == null && keys.stream().anyMatch(k -> k.hashing() == StoredApiKey.Hashing.HMAC_SHA256)) {
            throw new IllegalArgumentException(ApiKeyLines.NO_PEPPER);
        }
    }

    /** Without a pepper: legacy SHA-256 keys only. */
    public ApiKeySet(List<StoredApiKey> keys) {
        this(keys, null);
    }

    /** Both sets' keys, with this set's pepper (or the other's, when this one has none). */
    public ApiKeySet plus(ApiKeySet other) {
        List<StoredApiKey> all = new ArrayList<>(keys);
        all.addAll(other.keys);
        return new ApiKeySet(all, pepper != null ? pepper : other.pepper);
    }

    public int size() {
        return keys.size();
    }

    /**
     * Compares the key's digests with every stored digest, without stopping at a match, so the time taken says nothing
     * about which stored key (if any) was close.
     */
    @Override
    public Optional<StoredApiKey> find(String presentedKey) {
        byte[] hmac = pepper == null ? null : pepper.hmac(presentedKey);
        byte[] sha256 = anyLegacy ? ApiKeyHash.sha256(presentedKey) : null;
        StoredApiKey found = null;
        for (StoredApiKey key : keys) {
            byte[] presented = key.hashing() == StoredApiKey.Hashing.HMAC_SHA256 ? hmac : sha256;
            if (key.matches(presented) && found == null) {
                found = key;
            }
        }
        return Optional.ofNullable(found);
    }
}
