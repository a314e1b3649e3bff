package org.sleepdelta.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.sleepdelta.schemas.Topics;

class PipelineAclsTest {

    private static final PipelineAcls.Names NAMES = PipelineAcls.Names.defaults();

    private static final Pattern SCRIPT_LINE = Pattern.compile("kafka-acls\\.sh --bootstrap-server \"\\$BOOTSTRAP\""
            + " --command-config \"\\$COMMAND_CONFIG\" --add --allow-principal '([^']+)' --operation (\\w+)"
            + " --(topic|group|transactional-id) '([^']+)' --resource-pattern-type (literal|prefixed)");
    private static final Pattern TABLE_ROW =
            Pattern.compile("\\| `([^`]+)` \\| (\\w+) \\| (\\w+) \\| `([^`]+)` \\| (\\w+) \\| [^|]+ \\|");

    @Test
    void scriptAddsExactlyTheBindings() {
        String script = PipelineAcls.asScript("kafka-1:9093", "/etc/kafka/admin.properties", NAMES);

        List<AclBinding> fromScript = new ArrayList<>();
        for (String line :
                script.lines().filter(l -> l.startsWith("kafka-acls.sh")).toList()) {
            Matcher m = SCRIPT_LINE.matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            ResourceType type =
                    ResourceType.fromString(m.group(3).replace("-", "_").toUpperCase(Locale.ROOT));
            fromScript.add(binding(
                    m.group(1),
                    type,
                    PatternType.fromString(m.group(5).toUpperCase(Locale.ROOT)),
                    m.group(4),
                    // DescribeConfigs -> DESCRIBE_CONFIGS
                    AclOperation.fromString(
                            m.group(2).replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT))));
        }
        assertThat(fromScript)
                .containsExactlyElementsOf(PipelineAcls.bindings(NAMES))
                .doesNotHaveDuplicates();
        assertThat(script)
                .startsWith("#!/bin/sh\n")
                .contains("set -eu\n")
                .contains("BOOTSTRAP='kafka-1:9093'\n")
                .contains("COMMAND_CONFIG='/etc/kafka/admin.properties'\n");
    }

    @Test
    void tableListsExactlyTheBindings() {
        String table = PipelineAcls.asMarkdownTable(NAMES);

        List<AclBinding> fromTable = new ArrayList<>();
        for (String row : table.lines().skip(2).toList()) {
            Matcher m = TABLE_ROW.matcher(row);
            assertThat(m.matches()).as(row).isTrue();
            fromTable.add(binding(
                    m.group(1),
                    ResourceType.fromString(m.group(2)),
                    PatternType.fromString(m.group(3)),
                    m.group(4),
                    AclOperation.fromString(m.group(5))));
        }
        assertThat(fromTable).containsExactlyElementsOf(PipelineAcls.bindings(NAMES));
    }

    @Test
    void securityDocHoldsTheGeneratedTableAndScript() throws Exception {
        // Surefire runs in the module's directory; the docs are at the repository root.
        Path doc = Path.of("..", "docs", "security-kafka.md");

        assertThat(Files.readString(doc))
                .contains(PipelineAcls.asMarkdownTable(NAMES))
                .contains(PipelineAcls.asScript("kafka-1:9093", "/etc/sleepdelta/kafka-admin.properties", NAMES));
    }

    @Test
    void eachServiceGetsOnlyItsJob() {
        List<AclBinding> sink = PipelineAcls.bindings().stream()
                .filter(b -> b.entry().principal().equals(PipelineAcls.SINK))
                .toList();
        // the sink reads, and writes nothing but the audit trail
        assertThat(sink)
                .filteredOn(b -> b.entry().operation() != AclOperation.READ)
                .extracting(b -> b.entry().operation() + " " + b.pattern().name())
                .containsExactly("WRITE " + Topics.ERASURE_AUDIT);
        assertThat(PipelineAcls.bindings())
                .allSatisfy(b -> {
                    assertThat(b.entry().permissionType()).isEqualTo(AclPermissionType.ALLOW);
                    assertThat(b.entry().host()).isEqualTo("*");
                    assertThat(b.pattern().resourceType()).isNotEqualTo(ResourceType.CLUSTER);
                })
                // Only the streams application's own prefix is granted ALL.
                .filteredOn(b -> b.entry().operation() == AclOperation.ALL)
                .extracting(b -> b.pattern())
                .containsExactly(new ResourcePattern(ResourceType.TOPIC, "sleepdelta-streams", PatternType.PREFIXED));
    }

    @Test
    void theErasureTopicsAreGrantedToExactlyThePrincipalsWhoseJobNeedsThem() {
        Map<String, List<String>> byTopic = new TreeMap<>();
        for (AclBinding b : PipelineAcls.bindings()) {
            String topic = b.pattern().name();
            if (b.pattern().resourceType() == ResourceType.TOPIC
                    && List.of(Topics.CLIENT_KEYS, Topics.CLIENT_ERASURES, Topics.ERASURE_AUDIT)
                            .contains(topic)) {
                byTopic.computeIfAbsent(topic, t -> new ArrayList<>())
                        .add(b.entry().principal() + " " + b.entry().operation());
            }
        }
        assertThat(byTopic.get(Topics.CLIENT_KEYS))
                .as("wrapped data keys: written by ingest and the importer (new keys), the eraser and streams"
                        + " (tombstones); read by streams (to decrypt), ingest and the eraser (to find every key of a"
                        + " client)")
                .containsExactlyInAnyOrder(
                        "User:ingest WRITE",
                        "User:ingest READ",
                        "User:importer WRITE",
                        "User:streams READ",
                        "User:streams WRITE",
                        "User:eraser WRITE",
                        "User:eraser READ");
        assertThat(byTopic.get(Topics.CLIENT_ERASURES))
                .containsExactlyInAnyOrder(
                        "User:ingest WRITE", "User:eraser WRITE", "User:streams READ", "User:sink READ");
        assertThat(byTopic.get(Topics.ERASURE_AUDIT))
                .containsExactlyInAnyOrder(
                        "User:ingest WRITE",
                        "User:ingest READ",
                        "User:eraser WRITE",
                        "User:streams WRITE",
                        "User:sink WRITE");
        assertThat(PipelineAcls.bindings())
                .as("the importer has no part in erasure")
                .filteredOn(b -> b.entry().principal().equals(PipelineAcls.IMPORTER))
                .extracting(b -> b.pattern().name())
                .doesNotContain(Topics.CLIENT_ERASURES, Topics.ERASURE_AUDIT);
    }

    @Test
    void theConnectionTopicsAndGroupAreGrantedToExactlyThePrincipalsWhoseJobNeedsThem() {
        Map<String, List<String>> byResource = new TreeMap<>();
        for (AclBinding b : PipelineAcls.bindings()) {
            String name = b.pattern().name();
            if (List.of(
                            Topics.CONNECTIONS,
                            Topics.CONNECTION_REQUESTS,
                            PipelineAcls.Names.DEFAULT_CONNECTION_OWNER_GROUP_ID)
                    .contains(name)) {
                byResource
                        .computeIfAbsent(b.pattern().resourceType() + " " + name, r -> new ArrayList<>())
                        .add(b.entry().principal() + " " + b.entry().operation());
            }
        }
        assertThat(byResource)
                .as("only ingest (the owners, through their group) reads and writes connections; the eraser adds"
                        + " ERASE requests")
                .containsOnlyKeys(
                        "TOPIC " + Topics.CONNECTIONS,
                        "TOPIC " + Topics.CONNECTION_REQUESTS,
                        "GROUP " + PipelineAcls.Names.DEFAULT_CONNECTION_OWNER_GROUP_ID);
        // streams only describes them, for its start-up topic check
        assertThat(byResource.get("TOPIC " + Topics.CONNECTIONS))
                .containsExactlyInAnyOrder("User:ingest READ", "User:ingest WRITE", "User:streams DESCRIBE");
        assertThat(byResource.get("TOPIC " + Topics.CONNECTION_REQUESTS))
                .containsExactlyInAnyOrder(
                        "User:ingest READ", "User:ingest WRITE", "User:eraser WRITE", "User:streams DESCRIBE");
        assertThat(byResource.get("GROUP " + PipelineAcls.Names.DEFAULT_CONNECTION_OWNER_GROUP_ID))
                .containsExactly("User:ingest READ");
    }

    @Test
    void namesFollowTheServicesSettings() {
        PipelineAcls.Names custom = new PipelineAcls.Names(
                "clinic-ingest", "clinic-streams", "clinic-sink", "clinic-erase", "clinic-connections");

        assertThat(PipelineAcls.bindings(custom))
                .extracting(b -> b.pattern().name())
                .contains("clinic-ingest", "clinic-streams", "clinic-sink", "clinic-erase", "clinic-connections")
                .doesNotContain(
                        "sleepdelta-ingest",
                        "sleepdelta-streams",
                        "sleepdelta-sink",
                        "sleepdelta-erase",
                        "sleepdelta-connections");
        assertThat(new PipelineAcls.Names("clinic-ingest", "clinic-streams", "clinic-sink")
                        .eraseTransactionalIdPrefix())
                .isEqualTo("sleepdelta-erase");
        assertThat(new PipelineAcls.Names("clinic-ingest", "clinic-streams", "clinic-sink", "clinic-erase")
                        .connectionOwnerGroupId())
                .isEqualTo("sleepdelta-connections");
    }

    @Test
    void operationNamesAreSpelledAsKafkaAclsExpects() {
        assertThat(PipelineAcls.operationName(AclOperation.DESCRIBE_CONFIGS)).isEqualTo("DescribeConfigs");
        assertThat(PipelineAcls.operationName(AclOperation.WRITE)).isEqualTo("Write");
        assertThat(PipelineAcls.operationName(AclOperation.ALL)).isEqualTo("All");
    }

    private static AclBinding binding(
            String principal, ResourceType type, PatternType pattern, String name, AclOperation operation) {
        return new AclBinding(
                new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }
}
