package org.sleepdelta.ingest.vendor.applehealth;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Gathers closed periods by night and source, and hands a night on as soon as no source can add to it any more.
 * <p>
 * A period belongs to the night of its start: the local date of (start − 12 h) in the client's zone, as everywhere
 * in the pipeline. A night is ready when every source that has a period in it (closed or still open), and every
 * source that is keeping up with the file, can no longer add a period starting before the night ends (noon of the
 * next day). A source that has
 * fallen behind (its data stopped, or Apple wrote it in a later block of the file) does not hold nights up: if it
 * later delivers a period for a night already handed on, that night is handed on again with just the late periods,
 * and {@link NightRecords} decides whether they replace what was sent. Open nights are therefore those within the
 * sources' windows: a handful, whatever the size of the file.
 */
final class NightAssembler {

    /** Receives each ready night: its periods by source name. */
    interface Nights {
        void ready(LocalDate night, Map<String, List<Cluster>> periodsBySource);
    }

    private final ZoneId zone;
    private final Nights nights;
    private final Map<String, SourceClusters> sources = new LinkedHashMap<>();
    private final TreeMap<LocalDate, Map<String, List<Cluster>>> open = new TreeMap<>();
    private Instant globalHighWater;

    NightAssembler(ZoneId zone, Nights nights) {
        this.zone = zone;
        this.nights = nights;
    }

    /** @return false when the segment is late for its source and was not taken */
    boolean add(String sourceName, Segment segment) {
        SourceClusters source = sources.computeIfAbsent(sourceName, SourceClusters::new);
        if (!source.add(segment)) {
            return false;
        }
        if (globalHighWater == null || segment.start().isAfter(globalHighWater)) {
            globalHighWater = segment.start();
        }
        List<Cluster> closed = source.closeSettled();
        if (!closed.isEmpty()) {
            closed.forEach(c -> deliver(sourceName, c));
        }
        handOnReadyNights();
        return true;
    }

    /** The end of the file: every period is final, every night ready. */
    void finish() {
        for (SourceClusters source : sources.values()) {
            source.closeAll().forEach(c -> deliver(source.name(), c));
        }
        while (!open.isEmpty()) {
            Map.Entry<LocalDate, Map<String, List<Cluster>>> first = open.pollFirstEntry();
            nights.ready(first.getKey(), first.getValue());
        }
    }

    /** How many nights are waiting: bounded by the window, whatever the file size. */
    int openNights() {
        return open.size();
    }

    LocalDate nightOf(Instant start) {
        return start.atZone(zone).minusHours(12).toLocalDate();
    }

    private void deliver(String sourceName, Cluster period) {
        open.computeIfAbsent(nightOf(period.start()), n -> new LinkedHashMap<>())
                .computeIfAbsent(sourceName, s -> new ArrayList<>())
                .add(period);
    }

    private void handOnReadyNights() {
        for (Iterator<Map.Entry<LocalDate, Map<String, List<Cluster>>>> it =
                        open.entrySet().iterator();
                it.hasNext(); ) {
            Map.Entry<LocalDate, Map<String, List<Cluster>>> night = it.next();
            if (ready(night.getKey(), night.getValue())) {
                it.remove();
                nights.ready(night.getKey(), night.getValue());
            }
        }
    }

    private boolean ready(LocalDate night, Map<String, List<Cluster>> present) {
        Instant nightStart = night.atTime(LocalTime.NOON).atZone(zone).toInstant();
        Instant nightEnd = night.plusDays(1).atTime(LocalTime.NOON).atZone(zone).toInstant();
        for (SourceClusters source : sources.values()) {
            boolean relevant = present.containsKey(source.name())
                    || source.activeAt(globalHighWater)
                    || source.hasOpenPeriodStartingIn(nightStart, nightEnd);
            if (relevant && source.mayStillDeliverBefore(nightEnd)) {
                return false;
            }
        }
        return true;
    }
}
