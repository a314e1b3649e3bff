package org.sleepdelta.dashboard.sink;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.sleepdelta.schemas.ClientKey;

/**
 * The {@code erased_clients} table (V6): clients erased and not registered again, by a SHA-256 of
 * {@code clinicId/clientId}. Records of these clients are not written. Statements only; the caller owns the
 * transaction.
 */
final class ErasedClients {
    static final String INSERT = "insert into erased_clients (client_hash) values (?) on conflict do nothing";
    static final String DELETE = "delete from erased_clients where client_hash = ?";
    static final String AMONG = "select client_hash from erased_clients where client_hash = any(?)";

    private ErasedClients() {}

    static void add(Connection connection, ClientKey client) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            statement.setBytes(1, hash(client));
            statement.executeUpdate();
        }
    }

    static void remove(Connection connection, ClientKey client) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(DELETE)) {
            statement.setBytes(1, hash(client));
            statement.executeUpdate();
        }
    }

    /** Those of {@code clients} that are erased, in one query. */
    static Set<ClientKey> among(Connection connection, Collection<ClientKey> clients) throws SQLException {
        Set<ClientKey> erased = new HashSet<>();
        if (clients.isEmpty()) {
            return erased;
        }
        Map<String, ClientKey> byHash = new HashMap<>();
        for (ClientKey client : clients) {
            byHash.put(hex(hash(client)), client);
        }
        byte[][] hashes = clients.stream().map(ErasedClients::hash).toArray(byte[][]::new);
        try (PreparedStatement statement = connection.prepareStatement(AMONG)) {
            Array array = connection.createArrayOf("bytea", hashes);
            statement.setArray(1, array);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    erased.add(byHash.get(hex(result.getBytes(1))));
                }
            }
        }
        return erased;
    }

    /** SHA-256 of {@code clinicId/clientId} in UTF-8. */
    static byte[] hash(ClientKey client) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(client.toString().getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }
}
