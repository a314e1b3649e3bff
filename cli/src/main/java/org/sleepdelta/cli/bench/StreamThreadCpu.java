package org.sleepdelta.cli.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of Kafka Streams' stream threads in this JVM since {@link #start}: what the topology (and its clients'
 * work on those threads) cost, apart from the broker and other threads. Runs are sequential, so every stream
 * thread belongs to the run being measured.
 */
final class StreamThreadCpu {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> atStart;

    private StreamThreadCpu(Map<Long, Long> atStart) {
        this.atStart = atStart;
    }

    static StreamThreadCpu start() {
        return new StreamThreadCpu(now());
    }

    /** Nanoseconds of CPU spent by stream threads since start, including threads started later. */
    long spentNanos() {
        long spent = 0;
        for (Map.Entry<Long, Long> t : now().entrySet()) {
            spent += t.getValue() - atStart.getOrDefault(t.getKey(), 0L);
        }
        return spent;
    }

    private static Map<Long, Long> now() {
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains("-StreamThread-")) {
                long time = THREADS.getThreadCpuTime(info.getThreadId());
                if (time >= 0) {
                    cpu.put(info.getThreadId(), time);
                }
            }
        }
        return cpu;
    }
}
