package org.sleepdelta.dashboard.sink;

import java.nio.ByteBuffer;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import org.sleepdelta.schemas.ClientKey;

/**
 * Transaction-scoped advisory locks per client, so that an erasure and a batch writing the same client in another
 * sink instance (the client's rows span partitions that different instances may own) cannot interleave: the erasure
 * holds its client's lock exclusively until it commits, and a batch takes the shared lock of each client it writes
 * before it reads {@code erased_clients}. Either the batch waits and then sees the client erased, or the erasure
 * waits and then deletes what the batch wrote. Without this, a batch that checked the list just before the erasure
 * committed could write a row after the erasure deleted the client's rows.
 *
 * <p>Clients share {@value #BUCKETS} locks, so a batch of many clients takes at most that many (each lock takes a
 * slot of the server's lock table, {@code max_locks_per_transaction}); two clients of one bucket only wait for each
 * other while one of them is being erased.
 */
final class ClientLocks {
    static final int BUCKETS = 256;
    /** Keeps the sink's advisory locks apart from any other application's on the same database. */
    private static final long NAMESPACE = 0x5D_E1_7A_00_00_00_00_00L;

    static final String SHARED = "select pg_advisory_xact_lock_shared(k) from unnest(?::bigint[]) as k order by k";
    static final String EXCLUSIVE = "select pg_advisory_xact_lock(?)";

    private ClientLocks() {}

    static void shared(Connection connection, Collection<ClientKey> clients) throws SQLException {
        if (clients.isEmpty()) {
            return;
        }
        Long[] keys = clients.stream().map(ClientLocks::key).distinct().toArray(Long[]::new);
        try (PreparedStatement statement = connection.prepareStatement(SHARED)) {
            Array array = connection.createArrayOf("bigint", keys);
            statement.setArray(1, array);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    // each row is one lock taken
                }
            }
        }
    }

    static void exclusive(Connection connection, ClientKey client) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(EXCLUSIVE)) {
            statement.setLong(1, key(client));
            try (ResultSet result = statement.executeQuery()) {
                result.next();
            }
        }
    }

    /** The client's bucket, from its SHA-256 ({@link ErasedClients#hash}). */
    static long key(ClientKey client) {
        return NAMESPACE
                + Math.floorMod(ByteBuffer.wrap(ErasedClients.hash(client)).getLong(), BUCKETS);
    }
}
