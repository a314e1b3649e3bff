package org.sleepdelta.cli.bench;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * One timed processing run: from the moment the measured application is RUNNING until its committed offsets reach
 * the input's end. Records committed before that moment (another instance starting first) are not counted.
 *
 * @param cpuNanos stream threads' CPU meanwhile
 */
record Throughput(long records, long nanos, long cpuNanos) {
    static Throughput measure(BenchContext context, String groupId, Map<TopicPartition, Long> ends) throws Exception {
        StreamThreadCpu cpu = StreamThreadCpu.start();
        long started = System.nanoTime();
        long before = context.broker().committed(groupId, ends.keySet());
        long finished = context.broker().awaitCommitted(groupId, ends, BenchContext.STEP_TIMEOUT);
        return new Throughput(BenchBroker.total(ends) - before, finished - started, cpu.spentNanos());
    }

    double recordsPerSecond() {
        return records / (nanos / 1e9);
    }

    double cpuMicrosPerRecord() {
        return cpuNanos / 1e3 / records;
    }

    double seconds() {
        return nanos / 1e9;
    }
}
