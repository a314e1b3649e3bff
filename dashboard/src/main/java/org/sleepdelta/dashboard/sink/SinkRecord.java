package org.sleepdelta.dashboard.sink;

import org.sleepdelta.avro.NightlySleep;
import org.sleepdelta.avro.SleepChangeMetric;
import org.sleepdelta.schemas.MetricKey;
import org.sleepdelta.schemas.erasure.ErasureRequest;

/** One consumed record, understood: what it asks of the database, or why it cannot be applied. */
sealed interface SinkRecord {

    /**
     * @param value      null for a tombstone
     * @param ingestedAt the {@code sleepdelta-ingested-at} header, epoch millis, or -1
     */
    record SleepChange(MetricKey key, SleepChangeMetric value, long ingestedAt) implements SinkRecord {}

    /** @param value null for a tombstone */
    record Night(NightKey key, NightlySleep value) implements SinkRecord {}

    /** A request of {@code client-erasures}: erase the client's rows, or accept its records again. */
    record Erasure(ErasureRequest request) implements SinkRecord {}

    record Rejected(SinkRejection rejection) implements SinkRecord {}
}
