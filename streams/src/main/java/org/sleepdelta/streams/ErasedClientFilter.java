package org.sleepdelta.streams;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Drops input records of erased clients before anything reads them: they are counted, and nothing of them is decoded,
 * stored, emitted or copied to the rejection topic. It judges the Kafka key (the client the producer wrote the
 * record for) against {@link ErasedClients}; the decoder later rejects a record whose value names another client.
 */
final class ErasedClientFilter implements Processor<String, byte[], String, byte[]> {
    private final String child;
    private final RecordCounters counters;
    private final RecordCounters.Input input;
    private ErasedClients erased;
    private ProcessorContext<String, byte[]> context;

    ErasedClientFilter(String child, RecordCounters counters, RecordCounters.Input input) {
        this.child = child;
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
            return;
        }
        context.forward(record, child);
    }
}
