package org.sleepdelta.ingest.vendor.applehealth;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The open periods of one source (one {@code sourceName}), in a bounded window behind the source's high-water mark
 * (the latest segment start it has shown so far).
 * <p>
 * Flush rule: export.xml is only roughly in time order, so a source's segments may arrive up to {@link #SETTLE}
 * behind its high-water mark and still count. A period is closed — final — once it ends more than {@link Cluster#GAP}
 * before the mark minus {@code SETTLE}: nothing that can still be accepted could join it. A segment that starts more
 * than {@code SETTLE} before the mark is late: it is reported, not imported, because the night it belongs to may
 * already be gone. Periods longer than {@link #MAX_SPAN} are closed at once (no real sleep is that long; this keeps a
 * source that never stops writing from growing a period without bound). Memory therefore holds only the last
 * {@code SETTLE} of each source, whatever the size of the file.
 */
final class SourceClusters {
    static final Duration SETTLE = Duration.ofHours(48);
    static final Duration MAX_SPAN = Duration.ofHours(26);

    private final String name;
    private final List<Cluster> open = new ArrayList<>();
    private Instant highWater;

    SourceClusters(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    Instant highWater() {
        return highWater;
    }

    /** @return false when the segment is late and was not taken */
    boolean add(Segment s) {
        if (highWater != null && s.start().isBefore(highWater.minus(SETTLE))) {
            return false;
        }
        if (highWater == null || s.start().isAfter(highWater)) {
            highWater = s.start();
        }
        Cluster target = null;
        for (Iterator<Cluster> it = open.iterator(); it.hasNext(); ) {
            Cluster c = it.next();
            if (c.accepts(s)) {
                if (target == null) {
                    target = c;
                } else {
                    target.absorb(c); // the segment bridges two periods
                    it.remove();
                }
            }
        }
        if (target == null) {
            target = new Cluster();
            open.add(target);
        }
        target.add(s);
        return true;
    }

    /** Removes and returns the periods that can no longer grow. */
    List<Cluster> closeSettled() {
        List<Cluster> closed = new ArrayList<>();
        if (highWater == null) {
            return closed;
        }
        Instant horizon = highWater.minus(SETTLE);
        for (Iterator<Cluster> it = open.iterator(); it.hasNext(); ) {
            Cluster c = it.next();
            if (c.end().plus(Cluster.GAP).isBefore(horizon)
                    || Duration.between(c.start(), c.end()).compareTo(MAX_SPAN) > 0) {
                closed.add(c);
                it.remove();
            }
        }
        return closed;
    }

    List<Cluster> closeAll() {
        List<Cluster> all = new ArrayList<>(open);
        open.clear();
        return all;
    }

    /** Whether this source could still add to a period that starts before {@code nightEnd}. */
    boolean mayStillDeliverBefore(Instant nightEnd) {
        if (highWater == null || highWater.minus(SETTLE).isBefore(nightEnd)) {
            return true;
        }
        for (Cluster c : open) {
            if (c.start().isBefore(nightEnd)) {
                return true;
            }
        }
        return false;
    }

    /** Whether this source has a period still open that starts within {@code [from, to)}. */
    boolean hasOpenPeriodStartingIn(Instant from, Instant to) {
        for (Cluster c : open) {
            if (!c.start().isBefore(from) && c.start().isBefore(to)) {
                return true;
            }
        }
        return false;
    }

    /** Whether this source is keeping up with the file: within {@code SETTLE} of the furthest any source has got. */
    boolean activeAt(Instant globalHighWater) {
        return highWater != null && !highWater.isBefore(globalHighWater.minus(SETTLE));
    }
}
