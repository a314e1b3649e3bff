package org.sleepdelta.streams;

import java.util.List;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Production's RocksDB stores, except that {@code flush()} does nothing. A TopologyTestDriver commits, and so flushes
 * every store's memtable to a new SST file, after every single record; under exactly-once a running application
 * does not flush at a commit at all (only when a task is suspended or closed). Left in, those flushes are what a
 * benchmark would measure (tens of milliseconds per record); left out, the reads, writes and range scans remain.
 */
final class UnflushedRocksDb implements KeyValueBytesStoreSupplier {
    private final KeyValueBytesStoreSupplier rocksDb;

    private UnflushedRocksDb(String name) {
        this.rocksDb = Stores.persistentKeyValueStore(name);
    }

    static KeyValueBytesStoreSupplier store(String name) {
        return new UnflushedRocksDb(name);
    }

    @Override
    public String name() {
        return rocksDb.name();
    }

    @Override
    public KeyValueStore<Bytes, byte[]> get() {
        return new Store(rocksDb.get());
    }

    @Override
    public String metricsScope() {
        return rocksDb.metricsScope();
    }

    /** Delegates everything but {@code flush()}. */
    private record Store(KeyValueStore<Bytes, byte[]> inner) implements KeyValueStore<Bytes, byte[]> {
        @Override
        public void flush() {
            // deliberately nothing: see the class comment
        }

        @Override
        public void put(Bytes key, byte[] value) {
            inner.put(key, value);
        }

        @Override
        public byte[] putIfAbsent(Bytes key, byte[] value) {
            return inner.putIfAbsent(key, value);
        }

        @Override
        public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
            inner.putAll(entries);
        }

        @Override
        public byte[] delete(Bytes key) {
            return inner.delete(key);
        }

        @Override
        public byte[] get(Bytes key) {
            return inner.get(key);
        }

        @Override
        public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
            return inner.range(from, to);
        }

        @Override
        public KeyValueIterator<Bytes, byte[]> reverseRange(Bytes from, Bytes to) {
            return inner.reverseRange(from, to);
        }

        @Override
        public KeyValueIterator<Bytes, byte[]> all() {
            return inner.all();
        }

        @Override
        public KeyValueIterator<Bytes, byte[]> reverseAll() {
            return inner.reverseAll();
        }

        @Override
        public <PS extends Serializer<P>, P> KeyValueIterator<Bytes, byte[]> prefixScan(P prefix, PS serializer) {
            return inner.prefixScan(prefix, serializer);
        }

        @Override
        public long approximateNumEntries() {
            return inner.approximateNumEntries();
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public void init(StateStoreContext context, StateStore root) {
            inner.init(context, root);
        }

        @Override
        public void close() {
            inner.close();
        }

        @Override
        public boolean persistent() {
            return inner.persistent();
        }

        @Override
        public boolean isOpen() {
            return inner.isOpen();
        }

        @Override
        public <R> QueryResult<R> query(Query<R> query, PositionBound bound, QueryConfig config) {
            return inner.query(query, bound, config);
        }

        @Override
        public Position getPosition() {
            return inner.getPosition();
        }
    }
}
