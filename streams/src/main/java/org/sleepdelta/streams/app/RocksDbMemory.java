package org.sleepdelta.streams.app;

import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * The memory all RocksDB stores of one Kafka Streams instance share: one LRU block cache of {@code totalBytes}, which
 * also holds the index and filter blocks and is charged for the memtables (through a {@link WriteBufferManager}), so
 * that the stores' block cache, index, filters and memtables together stay near that bound however many tasks and
 * stores the instance runs. Kafka Streams' default is a 50 MB cache and up to 3 × 16 MB memtables <em>per store</em>:
 * 9 stores × 6 tasks could take over 5 GB.
 *
 * <p>One object per Kafka Streams instance ({@link SleepChangeApp#properties}), reached by each store's
 * {@link BoundedRocksDbMemory} through the instance's configuration: two instances in one JVM (the tests) each get
 * their own bound. The cache and manager are counted per store that uses them, made by the first and closed by the
 * last to close: Kafka Streams closes a setter before its database, which is safe because the database holds its own
 * native references to both, and frees them when it closes.
 */
final class RocksDbMemory {
    /** Of the total, what the memtables may take; the rest is for blocks read. */
    static final double MEMTABLE_SHARE = 0.25;
    /**
     * Of the cache, what is kept for index and filter blocks first: they are needed for every read of a file, so data
     * blocks must not push them out.
     */
    static final double INDEX_AND_FILTER_SHARE = 0.1;
    /**
     * A store's memtable is a sixteenth of the memtable share (4 MB at the default 256 MB), within 1 and 16 MB. Not
     * Kafka Streams' 16 MB: a memtable is charged in blocks of an eighth of its size once it holds a few kilobytes,
     * so at 16 MB the 54 stores of 6 tasks would be charged 108 MB while nearly empty, more than the whole 64 MB
     * share, and be flushed as small files.
     */
    static final int WRITE_BUFFERS_IN_SHARE = 16;

    static final long MAX_WRITE_BUFFER_BYTES = 16L << 20;
    static final long MIN_WRITE_BUFFER_BYTES = 1L << 20;
    /** Kafka Streams' default is 3; one filling while one is flushed is enough when memory is shared and bounded. */
    static final int WRITE_BUFFERS_PER_STORE = 2;

    private final long totalBytes;
    private int stores;
    private Cache cache;
    private WriteBufferManager writeBuffers;

    RocksDbMemory(long totalBytes) {
        if (totalBytes < MIN_WRITE_BUFFER_BYTES * 4) {
            throw new IllegalArgumentException("RocksDB memory bound too small: " + totalBytes + " bytes");
        }
        this.totalBytes = totalBytes;
    }

    long totalBytes() {
        return totalBytes;
    }

    long memtableBytes() {
        return (long) (totalBytes * MEMTABLE_SHARE);
    }

    long writeBufferBytes() {
        return Math.max(
                MIN_WRITE_BUFFER_BYTES, Math.min(MAX_WRITE_BUFFER_BYTES, memtableBytes() / WRITE_BUFFERS_IN_SHARE));
    }

    /**
     * Makes a store's options use the shared cache and memtable budget; each call must be matched by one
     * {@link #release()} when the store closes.
     *
     * @param options Kafka Streams' options for the store: their table format must be the {@link BlockBasedTableConfig}
     *                Kafka Streams put there (it reads its block cache back for its metrics), so it is changed in place
     */
    synchronized void applyTo(Options options) {
        if (stores == 0) {
            cache = new LRUCache(totalBytes, -1, false, INDEX_AND_FILTER_SHARE);
            writeBuffers = new WriteBufferManager(memtableBytes(), cache);
        }
        stores++;
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        // The newest files' index and filter are read most; pinned, they cannot be evicted by data blocks.
        table.setPinL0FilterAndIndexBlocksInCache(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(writeBuffers);
        options.setWriteBufferSize(writeBufferBytes());
        options.setMaxWriteBufferNumber(WRITE_BUFFERS_PER_STORE);
    }

    /** A store that {@link #applyTo applied} this closes; the last one frees the cache and the manager. */
    synchronized void release() {
        if (stores == 0) {
            throw new IllegalStateException("released more RocksDB stores than were opened");
        }
        stores--;
        if (stores == 0) {
            writeBuffers.close();
            cache.close();
            writeBuffers = null;
            cache = null;
        }
    }

    /** Bytes in the shared cache now (blocks, index, filters and the memtables' charge); 0 while no store is open. */
    synchronized long usedBytes() {
        return cache == null ? 0 : cache.getUsage();
    }

    /** The shared cache while a store is open, else null: for tests. */
    synchronized Cache cache() {
        return cache;
    }

    /** The shared memtable budget while a store is open, else null: for tests. */
    synchronized WriteBufferManager writeBufferManager() {
        return writeBuffers;
    }
}
