package org.sleepdelta.schemas.erasure;

import java.util.EnumSet;
import java.util.Set;

/**
 * The stages an erasure passes, in order, each reported once on {@link org.sleepdelta.schemas.Topics#ERASURE_AUDIT} by
 * the service that completed it. An erasure is complete when every stage has been reported.
 */
public enum ErasureStage {
    /** Ingest or the {@code erase} command accepted the request (who asked, when). */
    REQUESTED,
    /** The client's data keys were destroyed (tombstones on {@code client-keys}), in the request's transaction. */
    KEYS_DESTROYED,
    /** The streams application deleted the client's state and sent tombstones for its dashboard and nightly keys. */
    STREAMS_STATE_ERASED,
    /** The sink deleted the client's rows from every table. */
    SINK_ROWS_DELETED;

    /** Stages a {@link ErasureAction#REREGISTER} passes: only the request and the streams application's deny list. */
    public static final Set<ErasureStage> FOR_REREGISTER = EnumSet.of(REQUESTED, STREAMS_STATE_ERASED);
}
