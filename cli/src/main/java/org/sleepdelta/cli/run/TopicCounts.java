package org.sleepdelta.cli.run;

import java.util.List;

import org.apache.kafka.clients.admin.Admin;

/** How many records a topic holds (end offsets summed over partitions; exact for topics nobody compacts or deletes). */
public final class TopicCounts {
    private TopicCounts() {}

    /** Rejections by reason, e.g. {@code {INVALID=3, TOO_LATE=1}}, read from the rejection topic. */
    public static java.util.SortedMap<String, Long> rejectionsByReason(String bootstrapServers) {
        java.util.SortedMap<String, Long> counts = new java.util.TreeMap<>();
        TopicReader.readToEnd(bootstrapServers, org.sleepdelta.schemas.Topics.REJECTIONS, record -> counts.merge(
                org.sleepdelta.schemas.codec.Codecs.rejection().decode(record.value()).getReason().name(), 1L, Long::sum));
        return counts;
    }

    public static long records(Admin admin, String topic) throws Exception {
        return ProcessingWatch.endOffsets(admin, List.of(topic)).values().stream().mapToLong(Long::longValue).sum();
    }
}
