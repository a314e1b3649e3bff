package org.sleepdelta.dashboard.sink;

import java.util.Set;
import org.sleepdelta.schemas.ClientKey;

/**
 * A record the sink cannot apply, kept in {@code sink_rejections} with its original bytes so that it can be
 * examined and replayed, instead of blocking its partition.
 *
 * @param detail why, in words that never quote the value
 * @param key    the key's bytes, or null
 * @param value  the value's bytes, or null
 * @param timestamp the record's Kafka timestamp, epoch millis
 */
record SinkRejection(
        String topic,
        int partition,
        long offset,
        Reason reason,
        String detail,
        byte[] key,
        byte[] value,
        long timestamp) {

    enum Reason {
        /** The key is missing or not a key of this topic. */
        INVALID_KEY,
        /** The value is not a record of this topic's type in any released schema version. */
        UNDECODABLE,
        /** The value names another clinic, client, session, window or night than its key. */
        KEY_MISMATCH,
        /**
         * PostgreSQL refused the record's row for good (SQLState class 22 or 23: a constraint, a value out of range, a
         * NUL byte in a string), every time, {@code max-row-retries} times and then on its own.
         */
        REFUSED_BY_DATABASE
    }

    /** The clients the key or the value names ({@link NamedClients}); empty when they name none that can be told. */
    Set<ClientKey> clients() {
        return NamedClients.of(key, value);
    }

    /** Where the record is, for logs: {@code topic-partition@offset}. */
    String location() {
        return topic + "-" + partition + "@" + offset;
    }
}
