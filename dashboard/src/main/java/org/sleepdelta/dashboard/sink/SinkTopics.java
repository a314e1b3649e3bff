package org.sleepdelta.dashboard.sink;

import java.util.List;
import org.sleepdelta.schemas.Topics;

/** The topics the sink reads: {@link Topics} in production, topics of their own in tests. */
record SinkTopics(String sleepChangeMetrics, String nightlySleep) {
    static SinkTopics standard() {
        return new SinkTopics(Topics.SLEEP_CHANGE_METRICS, Topics.NIGHTLY_SLEEP);
    }

    List<String> all() {
        return List.of(sleepChangeMetrics, nightlySleep);
    }
}
