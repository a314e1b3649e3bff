package org.sleepdelta.streams;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.sleepdelta.metric.NightValues;
import org.sleepdelta.metric.SessionFacts;

/**
 * One client's state as the metric reads it, decoded once: the main sleep of every night that has one, the completed
 * sessions in start order, the data clock, and a digest of what was last emitted per key. A copy of what the stores
 * hold, kept in step by {@link ClientState}'s writes; the stores stay the truth, and a view can be dropped at any time.
 */
final class ClientView {
    /** Rough heap cost of one entry of each kind (map entry, key, value), for the cache's byte bound. */
    static final long NIGHT_BYTES = 400;

    static final long SESSION_BYTES = 420;
    static final long EMITTED_BYTES = 250;
    static final long FIXED_BYTES = 400;

    final NavigableMap<LocalDate, NightValues> mainSleeps = new TreeMap<>();
    /** By the key of {@code completed-sessions-by-start}, so that ranges and neighbours are those of the store. */
    final NavigableMap<String, SessionFacts> completedByStart = new TreeMap<>();

    final Map<String, SessionFacts> completedById = new HashMap<>();
    final Map<String, EmittedSummary> emitted = new HashMap<>();
    LocalDate latestNight;

    long estimatedBytes() {
        return FIXED_BYTES
                + NIGHT_BYTES * mainSleeps.size()
                + SESSION_BYTES * completedById.size()
                + EMITTED_BYTES * emitted.size();
    }

    /**
     * What the dashboard last received for one key, without the record: its revision, whether it is live (not a
     * tombstone), and the digest of the change it showed, or null when unknown (read from the store, where only the
     * record is kept: the record is then compared once, and the digest learnt).
     */
    record EmittedSummary(long revision, LocalDate firstNight, boolean live, ChangeFingerprint fingerprint) {}
}
