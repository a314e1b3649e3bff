package org.sleepdelta.ingest.importer;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What an import did: records accepted and rejected, and how often each reason was given. */
public final class ImportSummary {
    private long accepted;
    private long rejected;
    private final Map<String, Long> rejectedByReason = new TreeMap<>();

    synchronized void accepted() {
        accepted++;
    }

    /** One rejected record, with every reason it was rejected for. */
    synchronized void rejected(List<String> reasons) {
        rejected++;
        reasons.forEach(reason -> rejectedByReason.merge(reason, 1L, Long::sum));
    }

    /** Another reason for a record already counted as rejected (adapters report one problem per broken rule). */
    synchronized void alsoRejectedFor(String reason) {
        rejectedByReason.merge(reason, 1L, Long::sum);
    }

    public synchronized long acceptedCount() {
        return accepted;
    }

    public synchronized long rejectedCount() {
        return rejected;
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
