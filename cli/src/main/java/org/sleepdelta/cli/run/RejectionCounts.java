package org.sleepdelta.cli.run;

import java.util.SortedMap;
import java.util.TreeMap;
import org.sleepdelta.platform.config.KafkaClientProperties;
import org.sleepdelta.schemas.Topics;
import org.sleepdelta.schemas.codec.Codecs;

/** How many records the pipeline rejected, by reason, read from the rejection topic. */
public final class RejectionCounts {
    private RejectionCounts() {}

    /** E.g. {@code {INVALID=3, TOO_LATE=1}}; empty when nothing was rejected. */
    public static SortedMap<String, Long> byReason(String bootstrapServers, KafkaClientProperties kafka) {
        SortedMap<String, Long> counts = new TreeMap<>();
        TopicReader.readToEnd(
                bootstrapServers,
                kafka,
                Topics.REJECTIONS,
                record -> counts.merge(
                        Codecs.rejection().decode(record.value()).getReason().name(), 1L, Long::sum));
        return counts;
    }
}
