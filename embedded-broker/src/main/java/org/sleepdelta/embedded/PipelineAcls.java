package org.sleepdelta.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.sleepdelta.schemas.Topics;

/**
 * The least-privilege ACLs of the pipeline on a cluster with an authorizer and
 * {@code allow.everyone.if.no.acl.found=false}: one principal per service, each allowed exactly its job. The one
 * definition; the Markdown table ({@link #asMarkdownTable}) and the {@code kafka-acls.sh} script ({@link #asScript})
 * are generated from it, and integration tests apply {@link #bindings} to a secured embedded broker.
 *
 * <ul>
 *   <li>{@value #INGEST} (the HTTP ingest service): writes the input topics, the rejection topic and each client's
 *       data keys, in transactions whose ids start with its {@code transactional-id-prefix}; for an erasure, the
 *       request, the key tombstones and the audit event; reads the audit trail to answer the erasure's status.
 *       For vendor connections: reads and writes the {@code connections} and {@code connection-requests} topics,
 *       whose partitions its instances share through the connections consumer group; the owner of a partition writes
 *       the pulled records, the connection's new state and the consumed offsets in one transaction under the same
 *       transactional-id prefix.
 *   <li>{@value #IMPORTER} ({@code sleepdelta import-*}): writes the same topics with an idempotent producer (no
 *       transactions, so no transactional-id grant).
 *   <li>{@value #STREAMS} (the streams application): reads the input topics, the erasure requests and the data keys
 *       (a plain consumer, assigned its partitions, without a group), writes the output topics and the audit trail,
 *       and owns
 *       every topic and transactional id that starts with its {@code application.id} (changelogs, repartition
 *       topics, exactly-once producers), and its consumer group; it may describe, not read, the connection topics.
 *   <li>{@value #SINK} (the dashboard sink): reads the dashboard topics and the erasure requests with its consumer
 *       group, and writes the audit trail with an idempotent producer.
 *   <li>{@value #ERASER} ({@code sleepdelta erase}): writes what ingest writes for an erasure (request, key
 *       tombstones, audit event) and the ERASE request of the client's vendor connections, in transactions whose ids
 *       start with {@code sleepdelta-erase}; a principal of its own, so that the operator's erase tool holds neither ingest's nor an administrator's rights.
 * </ul>
 *
 * <p>Not granted to anyone here: creating the pipeline's topics (an administrator creates them, or runs
 * {@code sleepdelta streams} once as a user who may), and {@code IDEMPOTENT_WRITE} on the cluster, which idempotent
 * and transactional producers have not needed since Kafka 3.0 when they may write some topic (KIP-679). WRITE, READ
 * and ALL imply DESCRIBE, so DESCRIBE is not listed on its own, except where it is all a principal needs: {@value
 * #STREAMS} describes the connection topics, which its start-up check lists with the others.
 */
public final class PipelineAcls {

    public static final String INGEST = "User:ingest";
    public static final String IMPORTER = "User:importer";
    public static final String STREAMS = "User:streams";
    public static final String SINK = "User:sink";
    public static final String ERASER = "User:eraser";

    /**
     * The names the services choose that ACLs depend on, defaulting to the services' defaults ({@code
     * transactional-id-prefix}, {@code application-id}, {@code group-id}, {@code connection-owner-group}).
     */
    public record Names(
            String ingestTransactionalIdPrefix,
            String streamsApplicationId,
            String sinkGroupId,
            String eraseTransactionalIdPrefix,
            String connectionOwnerGroupId) {

        public static final String DEFAULT_INGEST_TRANSACTIONAL_ID_PREFIX = "sleepdelta-ingest";
        public static final String DEFAULT_STREAMS_APPLICATION_ID = "sleepdelta-streams";
        public static final String DEFAULT_SINK_GROUP_ID = "sleepdelta-sink";
        public static final String DEFAULT_ERASE_TRANSACTIONAL_ID_PREFIX = "sleepdelta-erase";
        public static final String DEFAULT_CONNECTION_OWNER_GROUP_ID = "sleepdelta-connections";

        public Names {
            Objects.requireNonNull(ingestTransactionalIdPrefix, "ingestTransactionalIdPrefix");
            Objects.requireNonNull(streamsApplicationId, "streamsApplicationId");
            Objects.requireNonNull(sinkGroupId, "sinkGroupId");
            Objects.requireNonNull(eraseTransactionalIdPrefix, "eraseTransactionalIdPrefix");
            Objects.requireNonNull(connectionOwnerGroupId, "connectionOwnerGroupId");
        }

        /** With ingest's default connections consumer group. */
        public Names(
                String ingestTransactionalIdPrefix,
                String streamsApplicationId,
                String sinkGroupId,
                String eraseTransactionalIdPrefix) {
            this(
                    ingestTransactionalIdPrefix,
                    streamsApplicationId,
                    sinkGroupId,
                    eraseTransactionalIdPrefix,
                    DEFAULT_CONNECTION_OWNER_GROUP_ID);
        }

        /** With the erase command's default transactional-id prefix and ingest's default connections group. */
        public Names(String ingestTransactionalIdPrefix, String streamsApplicationId, String sinkGroupId) {
            this(ingestTransactionalIdPrefix, streamsApplicationId, sinkGroupId, DEFAULT_ERASE_TRANSACTIONAL_ID_PREFIX);
        }

        public static Names defaults() {
            return new Names(
                    DEFAULT_INGEST_TRANSACTIONAL_ID_PREFIX, DEFAULT_STREAMS_APPLICATION_ID, DEFAULT_SINK_GROUP_ID);
        }
    }

    /** One ALLOW from any host, with the reason it is needed. */
    public record Grant(
            String principal,
            ResourceType resourceType,
            PatternType patternType,
            String resourceName,
            AclOperation operation,
            String why) {

        public AclBinding binding() {
            return new AclBinding(
                    new ResourcePattern(resourceType, resourceName, patternType),
                    new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
        }
    }

    private PipelineAcls() {}

    /** Every grant for the default names, grouped by principal. */
    public static List<Grant> grants() {
        return grants(Names.defaults());
    }

    public static List<Grant> grants(Names names) {
        List<Grant> grants = new ArrayList<>();
        for (String producer : List.of(INGEST, IMPORTER)) {
            grants.add(topic(producer, Topics.SLEEP_RECORDS, AclOperation.WRITE, "write sleep records"));
            grants.add(topic(producer, Topics.MASSAGE_SESSIONS, AclOperation.WRITE, "write massage sessions"));
            grants.add(topic(producer, Topics.REJECTIONS, AclOperation.WRITE, "write rejected records"));
            if (producer.equals(INGEST)) {
                grants.add(new Grant(
                        INGEST,
                        ResourceType.TRANSACTIONAL_ID,
                        PatternType.PREFIXED,
                        names.ingestTransactionalIdPrefix(),
                        AclOperation.WRITE,
                        "one transaction per batch (transactional ids `<prefix>-<slot>`), and per page a connection's"
                                + " owner pulled (ids under the same prefix)"));
            }
        }
        grants.add(topic(
                INGEST,
                Topics.CLIENT_KEYS,
                AclOperation.WRITE,
                "each client's data keys (wrapped); their tombstones on erasure"));
        grants.add(topic(
                INGEST,
                Topics.CLIENT_KEYS,
                AclOperation.READ,
                "which data keys exist and which were destroyed; every key of a client being erased (assigned"
                        + " partitions, no group)"));
        grants.add(topic(
                IMPORTER, Topics.CLIENT_KEYS, AclOperation.WRITE, "the data key of each client it writes records of"));
        grants.add(topic(INGEST, Topics.CLIENT_ERASURES, AclOperation.WRITE, "erasure requests"));
        grants.add(topic(INGEST, Topics.ERASURE_AUDIT, AclOperation.WRITE, "the audit event of an erasure request"));
        grants.add(topic(
                INGEST,
                Topics.ERASURE_AUDIT,
                AclOperation.READ,
                "`GET /v1/erasures/{id}`: the stages completed (assigned partitions, no group)"));

        // Vendor connections: only the owner of a partition (assigned through the group) writes `connections`;
        // HTTP routes, webhooks and erasure write requests, which the owner reads from the co-partitioned topic.
        grants.add(topic(
                INGEST,
                Topics.CONNECTIONS,
                AclOperation.READ,
                "the owner restores the connections of the partitions the connections group assigned it"));
        grants.add(
                topic(
                        INGEST,
                        Topics.CONNECTIONS,
                        AclOperation.WRITE,
                        "the owner writes a connection's state (tokens sealed) with the records it pulled, in one transaction"));
        grants.add(topic(
                INGEST,
                Topics.CONNECTION_REQUESTS,
                AclOperation.READ,
                "the owner applies the requests of its partitions in order"));
        grants.add(topic(
                INGEST,
                Topics.CONNECTION_REQUESTS,
                AclOperation.WRITE,
                "connect (OAuth callback), revoke (`DELETE`), webhook notifications and pushes"));
        grants.add(
                new Grant(
                        INGEST,
                        ResourceType.GROUP,
                        PatternType.LITERAL,
                        names.connectionOwnerGroupId(),
                        AclOperation.READ,
                        "the connections group: one owner per partition; its offsets are committed in the owner's transaction"));

        String app = names.streamsApplicationId();
        grants.add(topic(STREAMS, Topics.SLEEP_RECORDS, AclOperation.READ, "input"));
        grants.add(topic(STREAMS, Topics.MASSAGE_SESSIONS, AclOperation.READ, "input"));
        grants.add(topic(STREAMS, Topics.SLEEP_CHANGE_METRICS, AclOperation.WRITE, "output: the dashboard topic"));
        grants.add(topic(
                STREAMS,
                Topics.SLEEP_CHANGE_METRICS,
                AclOperation.DESCRIBE_CONFIGS,
                "the start-up check that the dashboard topic is compacted"));
        grants.add(topic(STREAMS, Topics.NIGHTLY_SLEEP, AclOperation.WRITE, "output"));
        grants.add(topic(STREAMS, Topics.REJECTIONS, AclOperation.WRITE, "output: records it rejects"));
        grants.add(topic(STREAMS, Topics.CLIENT_ERASURES, AclOperation.READ, "input: erasure requests"));
        grants.add(topic(
                STREAMS,
                Topics.CLIENT_KEYS,
                AclOperation.READ,
                "data keys to decrypt its input (a read_committed consumer, assigned its partitions, no group)"));
        grants.add(topic(
                STREAMS, Topics.ERASURE_AUDIT, AclOperation.WRITE, "output: the stages of an erasure it completed"));
        grants.add(topic(
                STREAMS,
                Topics.CLIENT_KEYS,
                AclOperation.WRITE,
                "tombstones for the data keys of records that arrive for an erased client"));
        // DESCRIBE only: no data. Without it listTopics hides these topics from streams, whose start-up check
        // would then try to create them and be refused.
        for (String connectionTopic : List.of(Topics.CONNECTIONS, Topics.CONNECTION_REQUESTS)) {
            grants.add(topic(
                    STREAMS,
                    connectionTopic,
                    AclOperation.DESCRIBE,
                    "the start-up topic check (`TopicSetup`) sees that it exists (metadata only, no records)"));
        }
        grants.add(new Grant(
                STREAMS,
                ResourceType.TOPIC,
                PatternType.PREFIXED,
                app,
                AclOperation.ALL,
                "internal topics (changelogs, repartition): create, read, write, delete records, configs"));
        grants.add(new Grant(
                STREAMS, ResourceType.GROUP, PatternType.LITERAL, app, AclOperation.READ, "its consumer group"));
        grants.add(new Grant(
                STREAMS,
                ResourceType.TRANSACTIONAL_ID,
                PatternType.PREFIXED,
                app,
                AclOperation.WRITE,
                "exactly-once producers (transactional ids `<application.id>-...`)"));

        grants.add(topic(SINK, Topics.SLEEP_CHANGE_METRICS, AclOperation.READ, "the dashboard topic"));
        grants.add(topic(SINK, Topics.NIGHTLY_SLEEP, AclOperation.READ, "nightly values for the dashboard"));
        grants.add(
                topic(SINK, Topics.CLIENT_ERASURES, AclOperation.READ, "erasure requests: delete the client's rows"));
        grants.add(topic(
                SINK,
                Topics.ERASURE_AUDIT,
                AclOperation.WRITE,
                "the stage of an erasure it completed (an idempotent producer, no transactions)"));
        grants.add(new Grant(
                SINK,
                ResourceType.GROUP,
                PatternType.LITERAL,
                names.sinkGroupId(),
                AclOperation.READ,
                "its consumer group (committed offsets)"));

        grants.add(topic(ERASER, Topics.CLIENT_ERASURES, AclOperation.WRITE, "erasure requests"));
        grants.add(topic(ERASER, Topics.CLIENT_KEYS, AclOperation.WRITE, "the tombstones of the client's data keys"));
        grants.add(topic(
                ERASER,
                Topics.CLIENT_KEYS,
                AclOperation.READ,
                "find every data key of the client (assigned partitions, no group)"));
        grants.add(topic(ERASER, Topics.ERASURE_AUDIT, AclOperation.WRITE, "the audit event of an erasure request"));
        grants.add(topic(
                ERASER,
                Topics.CONNECTION_REQUESTS,
                AclOperation.WRITE,
                "ERASE requests for the client's vendor connections (revoke at the vendor, tombstone)"));
        grants.add(new Grant(
                ERASER,
                ResourceType.TRANSACTIONAL_ID,
                PatternType.PREFIXED,
                names.eraseTransactionalIdPrefix(),
                AclOperation.WRITE,
                "request, tombstones and audit event in one transaction (transactional ids `<prefix>-...`)"));
        return List.copyOf(grants);
    }

    public static List<AclBinding> bindings() {
        return bindings(Names.defaults());
    }

    public static List<AclBinding> bindings(Names names) {
        return grants(names).stream().map(Grant::binding).toList();
    }

    /** A Markdown table, one row per grant. */
    public static String asMarkdownTable(Names names) {
        StringBuilder table = new StringBuilder();
        table.append("| Principal | Resource | Pattern | Name | Operation | Why |\n");
        table.append("|---|---|---|---|---|---|\n");
        for (Grant grant : grants(names)) {
            table.append("| `")
                    .append(grant.principal())
                    .append("` | ")
                    .append(grant.resourceType())
                    .append(" | ")
                    .append(grant.patternType())
                    .append(" | `")
                    .append(grant.resourceName())
                    .append("` | ")
                    .append(grant.operation())
                    .append(" | ")
                    .append(grant.why())
                    .append(" |\n");
        }
        return table.toString();
    }

    /**
     * A POSIX shell script of {@code kafka-acls.sh --add} commands, one per grant, run as an administrator.
     *
     * @param bootstrapServers the cluster's {@code --bootstrap-server}
     * @param commandConfig the administrator's client properties file ({@code --command-config}: security.protocol,
     *     SASL or keystore settings, truststore)
     */
    public static String asScript(String bootstrapServers, String commandConfig, Names names) {
        StringBuilder script = new StringBuilder();
        script.append("#!/bin/sh\n");
        script.append("# The sleepdelta pipeline's least-privilege ACLs (generated by PipelineAcls).\n");
        script.append("# Run as an administrator; kafka-acls.sh is in Kafka's bin/ directory.\n");
        script.append("set -eu\n");
        script.append("BOOTSTRAP=").append(shellQuote(bootstrapServers)).append('\n');
        script.append("COMMAND_CONFIG=").append(shellQuote(commandConfig)).append('\n');
        for (Grant grant : grants(names)) {
            script.append("kafka-acls.sh --bootstrap-server \"$BOOTSTRAP\" --command-config \"$COMMAND_CONFIG\"")
                    .append(" --add --allow-principal ")
                    .append(shellQuote(grant.principal()))
                    .append(" --operation ")
                    .append(operationName(grant.operation()))
                    .append(' ')
                    .append(resourceOption(grant.resourceType()))
                    .append(' ')
                    .append(shellQuote(grant.resourceName()))
                    .append(" --resource-pattern-type ")
                    .append(grant.patternType().name().toLowerCase(Locale.ROOT))
                    .append('\n');
        }
        return script.toString();
    }

    /** {@code kafka-acls.sh}'s spelling: DESCRIBE_CONFIGS is {@code DescribeConfigs}. */
    static String operationName(AclOperation operation) {
        StringBuilder name = new StringBuilder();
        for (String word : operation.name().split("_")) {
            name.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
        }
        return name.toString();
    }

    static String resourceOption(ResourceType type) {
        switch (type) {
            case TOPIC:
                return "--topic";
            case GROUP:
                return "--group";
            case TRANSACTIONAL_ID:
                return "--transactional-id";
            default:
                throw new IllegalArgumentException("no kafka-acls.sh option for " + type + " resources here");
        }
    }

    private static String shellQuote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    private static Grant topic(String principal, String topic, AclOperation operation, String why) {
        return new Grant(principal, ResourceType.TOPIC, PatternType.LITERAL, topic, operation, why);
    }
}
