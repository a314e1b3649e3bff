package org.sleepdelta.ingest.importer;

import java.util.Map;
import java.util.TreeMap;

/** What an import did: records accepted, and rejections counted by reason. */
public final class ImportSummary {
    private long accepted;
    private final Map<String, Long> rejectedByReason = new TreeMap<>();

    synchronized void accepted() {
        accepted++;
    }

    synchronized void rejected(String reason) {
        rejectedByReason.merge(reason, 1L, Long::sum);
    }

    public synchronized long acceptedCount() {
        return accepted;
    }

    public synchronized long rejectedCount() {
        return rejectedByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    public synchronized Map<String, Long> rejectedByReason() {
        return new TreeMap<>(rejectedByReason);
    }

    @Override
    public synchronized String toString() {
        StringBuilder out = new StringBuilder(String.format("%,d accepted, %,d rejected", accepted, rejectedCount()));
        rejectedByReason.forEach((reason, count) -> out.append(String.format("%n  %,6d  %s", count, reason)));
        return out.toString();
    }
}
