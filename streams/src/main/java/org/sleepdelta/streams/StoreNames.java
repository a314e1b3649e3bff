package org.sleepdelta.streams;

import java.util.List;

/** Names of the topology's state stores. Changelog topic names derive from them: never rename one. */
final class StoreNames {
    /** Live sleep records by client and night. */
    static final String SLEEP_BY_NIGHT = "sleep-by-night";
    /** Night of each live sleep record, by its identity: finds the entry a revision replaces. */
    static final String SLEEP_NIGHT_INDEX = "sleep-night-index";
    /** Latest version of every session, by id. */
    static final String SESSIONS_BY_ID = "sessions-by-id";
    /** Completed sessions by client and start: the order the course rule walks. */
    static final String SESSIONS_BY_START = "completed-sessions-by-start";
    /** Latest night of sleep data received per client: its data clock. */
    static final String CLIENT_CLOCK = "client-data-clock";
    /** What the dashboard last received per key. */
    static final String EMITTED = "emitted-metrics";
    /** Highest event time seen by this task, per input topic: retention is measured back from it. */
    static final String WATERMARK = "event-time-watermark";
    /**
     * Every dashboard and nightly key ever written, by key, never swept: the output topics keep keys the retention sweep
     * forgot, and an erasure must send a tombstone for each of them.
     */
    static final String OUTPUT_KEYS = "emitted-output-keys";
    /** Erased clients (by a hash of their key) whose later records are ignored; see {@link ErasedClients}. */
    static final String ERASED_CLIENTS = "erased-clients";

    /** Every store of the topology. */
    static final List<String> ALL = List.of(
            SLEEP_BY_NIGHT,
            SLEEP_NIGHT_INDEX,
            SESSIONS_BY_ID,
            SESSIONS_BY_START,
            CLIENT_CLOCK,
            EMITTED,
            WATERMARK,
            OUTPUT_KEYS,
            ERASED_CLIENTS);

    private StoreNames() {}
}
