package org.sleepdelta.schemas;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the pipeline's topics that do not exist yet and checks the ones that do: the input topics must
 * have the same partition count (the topology joins them per client) and the dashboard topic must be compacted.
 */
public final class TopicSetup {
    private static final long TIMEOUT_SECONDS = 30;

    private TopicSetup() {}

    public static void ensure(Admin admin, int partitions, short replicationFactor) {
        ensure(admin, partitions, replicationFactor, Topics.DEFAULT_REJECTIONS_RETENTION);
    }

    /**
     * As {@link #ensure(Admin, int, short)}, creating {@link Topics#REJECTIONS} with {@code rejectionsRetention}. A
     * topic that already exists keeps its settings: changing its retention is an operator's act (kafka-configs.sh),
     * since the service's principal need not be allowed to alter topic configs.
     */
    public static void ensure(Admin admin, int partitions, short replicationFactor, Duration rejectionsRetention) {
        ensure(
                admin,
                partitions,
                replicationFactor,
                TopicBounds.defaults().withRejectionsRetention(rejectionsRetention));
    }

    /**
     * As {@link #ensure(Admin, int, short)}, creating missing topics with {@code bounds} (the retention of {@link
     * Topics#REJECTIONS}, the compacted topics' {@code delete.retention.ms}, {@code segment.ms} and {@code
     * max.compaction.lag.ms}). A topic that already exists keeps its settings, as above.
     */
    public static void ensure(Admin admin, int partitions, short replicationFactor, TopicBounds bounds) {
        try {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (NewTopic topic : Topics.layout(partitions, replicationFactor, bounds)) {
                if (!existing.contains(topic.name())) {
                    missing.add(topic);
                }
            }
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e; // another instance creating them at the same moment is fine
                    }
                }
            }
            check(admin);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot set up topics: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting up topics", e);
        }
    }

    static void check(Admin admin) throws ExecutionException, InterruptedException, TimeoutException {
        Map<String, TopicDescription> inputs = admin.describeTopics(
                        List.of(Topics.SLEEP_RECORDS, Topics.MASSAGE_SESSIONS, Topics.CLIENT_ERASURES))
                .allTopicNames()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        int sleep = inputs.get(Topics.SLEEP_RECORDS).partitions().size();
        int sessions = inputs.get(Topics.MASSAGE_SESSIONS).partitions().size();
        if (sleep != sessions) {
            throw new IllegalStateException(Topics.SLEEP_RECORDS + " has " + sleep + " partitions but "
                    + Topics.MASSAGE_SESSIONS + " has " + sessions + ": they must be equal, because a client's "
                    + "nights and sessions are joined in one partition");
        }
        int erasures = inputs.get(Topics.CLIENT_ERASURES).partitions().size();
        if (erasures != sleep) {
            throw new IllegalStateException(Topics.CLIENT_ERASURES + " has " + erasures + " partitions but "
                    + Topics.SLEEP_RECORDS + " has " + sleep + ": they must be equal, because an erasure request "
                    + "must reach the streams task that holds the client's state");
        }
        ConfigResource dashboard = new ConfigResource(ConfigResource.Type.TOPIC, Topics.SLEEP_CHANGE_METRICS);
        Config config = admin.describeConfigs(List.of(dashboard))
                .all()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .get(dashboard);
        String policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
        if (!policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
            throw new IllegalStateException(Topics.SLEEP_CHANGE_METRICS + " must have cleanup.policy=compact (it has "
                    + policy + "): it holds the latest value per key");
        }
    }
}
