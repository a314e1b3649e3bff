package org.sleepdelta.ingest.vendor.applehealth;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.ingest.vendor.AdapterContext;
import org.sleepdelta.ingest.vendor.NormalisedSink;
import org.sleepdelta.ingest.vendor.Problem;

/**
 * Imports one Apple Health export through the adapter and prints what came out and what it cost, as one line of
 * {@code key=value} pairs. Run in a child JVM with a capped heap by the memory tests:
 * {@code java -Xmx256m -cp <test class path> org.sleepdelta.ingest.vendor.applehealth.ImportMain export.xml Europe/Berlin}.
 */
public final class ImportMain {
    private static final AtomicLong LIVE_HEAP_PEAK = new AtomicLong();

    private ImportMain() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        ZoneId zone = ZoneId.of(args[1]);
        watchHeapAfterEachCollection();
        long[] counts = new long[4]; // records, main sleeps, naps, problems
        NormalisedSink sink = new NormalisedSink() {
            @Override
            public void record(SleepRecord r) {
                counts[0]++;
                counts[Boolean.TRUE.equals(r.getMainSleep()) ? 1 : 2]++;
            }

            @Override
            public void problem(Problem p) {
                if (counts[3]++ < 5) {
                    System.out.println("problem: " + p); // locations, fields and rules only: no health values
                }
            }
        };
        long start = System.nanoTime();
        try (InputStream in = Files.newInputStream(file)) {
            new AppleHealthAdapter().normalise(in, new AdapterContext("clinic-bench", "client-bench", zone), sink);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "bytes=%d records=%d mains=%d naps=%d problems=%d seconds=%.1f maxHeapMiB=%d "
                        + "peakHeapAfterGcMiB=%.1f peakHeapUsedMiB=%.1f peakRssMiB=%.1f%n",
                Files.size(file),
                counts[0],
                counts[1],
                counts[2],
                counts[3],
                seconds,
                Runtime.getRuntime().maxMemory() >> 20,
                LIVE_HEAP_PEAK.get() / 1048576.0,
                peakHeapUsed() / 1048576.0,
                peakRssKib() / 1024.0);
    }

    /** After every collection, the heap still in use: the import's live set, the number that must stay bounded. */
    private static void watchHeapAfterEachCollection() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc)
                    .addNotificationListener(
                            (notification, handback) -> {
                                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
                                        notification.getType())) {
                                    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                                            (CompositeData) notification.getUserData());
                                    long used = 0;
                                    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                                        MemoryUsage after = info.getGcInfo()
                                                .getMemoryUsageAfterGc()
                                                .get(pool.getName());
                                        if (pool.getType() == MemoryType.HEAP && after != null) {
                                            used += after.getUsed();
                                        }
                                    }
                                    LIVE_HEAP_PEAK.accumulateAndGet(used, Math::max);
                                }
                            },
                            null,
                            null);
        }
    }

    /** The sum of each heap pool's peak: an upper bound of the heap ever in use, garbage included. */
    private static long peakHeapUsed() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    /** Peak resident set size of this JVM (Linux VmHWM), or -1 where /proc is not available. */
    private static long peakRssKib() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
