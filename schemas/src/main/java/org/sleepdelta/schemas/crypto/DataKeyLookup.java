package org.sleepdelta.schemas.crypto;

import java.util.Optional;

/** Where a decrypting consumer finds a client's data key by id: {@link ClientKeyDirectory}, or a map in tests. */
@FunctionalInterface
public interface DataKeyLookup {
    /**
     * @param clientKey {@code clinicId/clientId}
     * @return empty when the key does not exist: destroyed (the client was erased) or never created for this client
     */
    Optional<DataKey> find(String clientKey, String keyId);
}
