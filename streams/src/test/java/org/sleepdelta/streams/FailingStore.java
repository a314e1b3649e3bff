package org.sleepdelta.streams;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;
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
 * An in-memory store that throws on a put of chosen keys: stands in, in tests only, for a bug that some record's data
 * reaches half-way through processing, after other stores were written. No input known to us makes the topology
 * throw after decoding (the contract check keeps such data out), so the failure is injected here rather than by a
 * branch in production code.
 */
final class FailingStore implements KeyValueStore<Bytes, byte[]> {
    private final KeyValueStore<Bytes, byte[]> inner;
    private final Predicate<String> failsOn;
    private final Throwable failure;

    private FailingStore(KeyValueStore<Bytes, byte[]> inner, Predicate<String> failsOn, Throwable failure) {
        this.inner = inner;
        this.failsOn = failsOn;
        this.failure = failure;
    }

    /** A supplier of in-memory stores where {@code storeName}'s puts of keys {@code failsOn} accepts throw. */
    static KeyValueBytesStoreSupplier supplier(
            String name, String storeName, Predicate<String> failsOn, Throwable failure) {
        return supplier(Stores.inMemoryKeyValueStore(name), storeName, failsOn, failure);
    }

    /** Stores of {@code base}, where {@code storeName}'s puts of keys {@code failsOn} accepts throw. */
    static KeyValueBytesStoreSupplier supplier(
            KeyValueBytesStoreSupplier base, String storeName, Predicate<String> failsOn, Throwable failure) {
        String name = base.name();
        KeyValueBytesStoreSupplier inMemory = base;
        if (!name.equals(storeName)) {
            return inMemory;
        }
        return new KeyValueBytesStoreSupplier() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public KeyValueStore<Bytes, byte[]> get() {
                return new FailingStore(inMemory.get(), failsOn, failure);
            }

            @Override
            public String metricsScope() {
                return inMemory.metricsScope();
            }
        };
    }

    @Override
    public void put(Bytes key, byte[] value) {
        if (failsOn.test(new String(key.get(), StandardCharsets.UTF_8))) {
            if (failure instanceof Error error) {
                throw error;
            }
            throw (RuntimeException) failure;
        }
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
    public void flush() {
        inner.flush();
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
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        return inner.query(query, positionBound, config);
    }

    @Override
    public Position getPosition() {
        return inner.getPosition();
    }
}
