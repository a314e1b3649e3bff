package org.sleepdelta.streams;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The deny list: clients erased on request, whose later records are ignored until the client is re-registered on
 * purpose. An entry is keyed by the hex SHA-256 of {@code clinicId/clientId}, and holds the erasure id.
 *
 * <p>The hash keeps the client's id out of the store, its changelog topic and the state directory in plain text, so
 * someone reading them cannot list who was erased. It does not make the id secret: ids are short and follow known
 * patterns, so whoever can guess a candidate id can hash it and check whether that client was erased (an unkeyed hash
 * is a lookup, not an encryption). It is also exactly what lets the topology check every record's key against the
 * list without keeping the id.
 */
final class ErasedClients {
    private final KeyValueStore<String, String> store;

    ErasedClients(KeyValueStore<String, String> store) {
        this.store = store;
    }

    /** True when records under this input key ({@code clinicId/clientId}) must be ignored. */
    boolean contains(String clientKey) {
        return clientKey != null && store.get(token(clientKey)) != null;
    }

    /** The store key for one client: hex SHA-256 of its {@code clinicId/clientId}. */
    static String token(String clientKey) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(clientKey.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
