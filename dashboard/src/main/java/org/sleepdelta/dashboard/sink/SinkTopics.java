package org.sleepdelta.dashboard.sink;

import java.util.List;
import org.sleepdelta.schemas.Topics;

/**
 * The topics of the sink: {@link Topics} in production, topics of their own in tests.
 *
 * @param clientErasures read: erasure and re-registration requests
 * @param erasureAudit   written: the sink's stage of each erasure
 */
record SinkTopics(String sleepChangeMetrics, String nightlySleep, String clientErasures, String erasureAudit) {
    static SinkTopics standard() {
        return new SinkTopics(
                Topics.SLEEP_CHANGE_METRICS, Topics.NIGHTLY_SLEEP, Topics.CLIENT_ERASURES, Topics.ERASURE_AUDIT);
    }

    /** The topics the sink consumes. */
    List<String> all() {
        return List.of(sleepChangeMetrics, nightlySleep, clientErasures);
    }
}
