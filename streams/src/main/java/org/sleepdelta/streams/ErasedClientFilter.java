package org.sleepdelta.streams;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.sleepdelta.schemas.crypto.ClientKeyRecords;
import org.sleepdelta.schemas.crypto.PayloadEnvelope;

/**
 * Drops input records of erased clients before anything reads them: they are counted, and nothing of them is decoded,
 * stored, emitted or copied to the rejection topic. It judges the Kafka key (the client the producer wrote the
 * record for) against {@link ErasedClients}; the decoder later rejects a record whose value names another client.
 *
 * <p>A dropped record that is encrypted also gets its data key destroyed: a tombstone for it on {@code client-keys},
 * in the same transaction. Ingest does not know the deny list, so it makes a new key for records sent after an
 * erasure, and a batch whose transaction was still open while the erasure read {@code client-keys} commits a key the
 * erasure never saw; without this, those payloads would stay readable on the input topics.
 */
final class ErasedClientFilter implements Processor<String, byte[], String, byte[]> {
    /** Keys already destroyed by this task: one tombstone per key, not one per record of a batch. */
    private static final int REMEMBERED_KEYS = 1024;

    private final String child;
    private final String clientKeysChild;
    private final RecordCounters counters;
    private final RecordCounters.Input input;
    private final Map<String, Boolean> destroyed = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_KEYS;
        }
    };
    private ErasedClients erased;
    private ProcessorContext<String, byte[]> context;

    ErasedClientFilter(String child, String clientKeysChild, RecordCounters counters, RecordCounters.Input input) {
        this.child = child;
        this.clientKeysChild = clientKeysChild;
        this.counters = counters;
        this.input = input;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.erased = new ErasedClients(context.getStateStore(StoreNames.ERASED_CLIENTS));
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (erased.contains(record.key())) {
            counters.processed(input);
            counters.erasedClientRecord(input);
            destroyDataKeyOf(record);
            return;
        }
        context.forward(record, child);
    }

    private void destroyDataKeyOf(Record<String, byte[]> record) {
        if (!PayloadEnvelope.isSealed(record.value())) {
            return;
        }
        String keyId;
        try {
            keyId = PayloadEnvelope.keyId(record.value());
        } catch (IllegalArgumentException malformed) {
            return; // names no key that could open it
        }
        String keyRecord = ClientKeyRecords.recordKey(record.key(), keyId);
        if (destroyed.put(keyRecord, Boolean.TRUE) == null) {
            context.forward(new Record<String, byte[]>(keyRecord, null, record.timestamp()), clientKeysChild);
        }
    }
}
