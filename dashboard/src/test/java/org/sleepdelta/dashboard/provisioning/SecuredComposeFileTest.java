package org.sleepdelta.dashboard.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sleepdelta.dashboard.provisioning.ComposeFileTest.command;
import static org.sleepdelta.dashboard.provisioning.ComposeFileTest.environment;
import static org.sleepdelta.dashboard.provisioning.ComposeFileTest.fields;
import static org.sleepdelta.dashboard.provisioning.ComposeFileTest.isOurs;
import static org.sleepdelta.dashboard.provisioning.ComposeFileTest.managementPort;
import static org.sleepdelta.dashboard.provisioning.ComposeFileTest.mounts;
import static org.sleepdelta.dashboard.provisioning.ComposeFileTest.read;
import static org.sleepdelta.dashboard.provisioning.ComposeFileTest.strings;
import static org.sleepdelta.dashboard.provisioning.ComposeFileTest.subcommand;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.sleepdelta.dashboard.provisioning.ComposeFileTest.Mount;
import org.sleepdelta.embedded.PipelineAcls;
import org.sleepdelta.schemas.Topics;

/**
 * The `secured` profile of docker-compose.yml (docs/operations.md#secured-stack): a SASL_SSL broker with the ACLs of
 * docs/security-kafka.md, applied by a one-shot; each of our services with its own principal's credentials only;
 * HTTPS ingest. Nothing here starts a container: what needs Docker is listed in docs/operations.md.
 */
class SecuredComposeFileTest {
    static final String PROFILE = "secured";
    static final String SCRIPTS = "dashboard/secured/";
    /** The secured service for each open-stack service it mirrors. */
    static final Map<String, String> COUNTERPARTS =
            Map.of("ingest-secured", "ingest", "streams-secured", "streams-1", "sink-secured", "sink");
    /** Each subcommand's principal (docs/security-kafka.md#principals). */
    static final Map<String, String> PRINCIPALS =
            Map.of("ingest", PipelineAcls.INGEST, "streams", PipelineAcls.STREAMS, "sink", PipelineAcls.SINK);
    /** The variables a secured service sets differently from its open counterpart, or in addition. */
    static final Set<String> SECURITY_VARIABLES = Set.of(
            "SLEEPDELTA_BOOTSTRAP_SERVERS",
            "SLEEPDELTA_CLIENT_ID",
            "SLEEPDELTA_HTTP_PORT",
            "SLEEPDELTA_TLS_KEYSTORE",
            "SLEEPDELTA_TLS_KEYSTORE_PASSWORD",
            "SLEEPDELTA_METRICS_HOST",
            "SLEEPDELTA_METRICS_PORT");

    private static final Pattern JAAS =
            Pattern.compile("org\\.apache\\.kafka\\.common\\.security\\.scram\\.ScramLoginModule required"
                    + " username=\"([^\"]+)\" password=\"([^\"]+)\";");
    private static final Pattern TOPIC =
            Pattern.compile("(?m)^(topic|one_partition_topic) ([a-z-]+)((?: --config [a-z.]+=\\S+)*)$");
    private static final Pattern CONFIG = Pattern.compile(" --config ([a-z.]+)=(\\S+)");
    private static final Pattern ISSUED = Pattern.compile("(?m)^issue ([a-z-]+) ([a-z-]+) \"([^\"]+)\"$");

    private final JsonNode compose = read("docker-compose.yml");
    private final Map<String, JsonNode> services = fields(compose.path("services"));
    private final Map<String, JsonNode> secured = secured();

    private Map<String, JsonNode> secured() {
        Map<String, JsonNode> map = new TreeMap<>();
        services.forEach((name, service) -> {
            if (service.has("profiles")) {
                map.put(name, service);
            }
        });
        return map;
    }

    private Map<String, String> env(String service) {
        return environment(services.get(service));
    }

    /** The SCRAM password of each user, as the `acls` one-shot creates them. */
    private Map<String, String> scramPasswords() {
        Map<String, String> passwords = new TreeMap<>();
        env("acls").forEach((variable, value) -> {
            if (variable.startsWith("SCRAM_PASSWORD_")) {
                passwords.put(variable.substring("SCRAM_PASSWORD_".length()).toLowerCase(Locale.ROOT), value);
            }
        });
        return passwords;
    }

    @Test
    void theSecuredProfileHasItsServicesAndTheOpenStackIsUntouched() {
        assertThat(secured)
                .containsOnlyKeys(
                        "certs", "kafka-secured", "acls", "streams-secured", "ingest-secured", "sink-secured");
        secured.forEach((name, service) ->
                assertThat(strings(service.path("profiles"))).as(name).containsExactly(PROFILE));
        Map<String, JsonNode> open = ComposeFileTest.openStack(services);
        assertThat(open)
                .as("`docker compose up` starts what it always did")
                .containsOnlyKeys(
                        "kafka",
                        "streams-1",
                        "streams-2",
                        "ingest",
                        "sink",
                        "simulator",
                        "postgres",
                        "prometheus",
                        "grafana");
        open.forEach((name, service) -> {
            assertThat(fields(service.path("depends_on")).keySet())
                    .as(name)
                    .doesNotContainAnyElementsOf(secured.keySet());
            for (Mount mount : mounts(service)) {
                assertThat(mount.source()).as(name).doesNotContain("secured");
            }
            assertThat(String.join(" ", environment(service).values())).as(name).doesNotContain("secured");
        });
    }

    @Test
    void theAclsOneShotAppliesExactlyTheScriptOfPipelineAcls() {
        String setup = Repo.read(SCRIPTS + "kafka-setup.sh");
        String bootstrap = shellVariable(setup, "BOOTSTRAP");
        String commandConfig = shellVariable(setup, "COMMAND_CONFIG");
        assertThat(Repo.read(SCRIPTS + "kafka-acls.sh").strip())
                .as("dashboard/secured/kafka-acls.sh is the generated script, for this broker and admin config")
                .isEqualTo(PipelineAcls.asScript(bootstrap, commandConfig, PipelineAcls.Names.defaults())
                        .strip());
        assertThat(setup).contains("sh \"$(dirname \"$0\")/kafka-acls.sh\"");

        JsonNode acls = services.get("acls");
        assertThat(command(acls)).containsExactly("sh", "/secured/kafka-setup.sh");
        assertThat(mounts(acls))
                .contains(
                        new Mount("./" + SCRIPTS + "kafka-setup.sh", "/secured/kafka-setup.sh"),
                        new Mount("./" + SCRIPTS + "kafka-acls.sh", "/secured/kafka-acls.sh"));
        assertThat(acls.path("restart").asText()).isEqualTo("no");
        assertThat(acls.path("depends_on")
                        .path("kafka-secured")
                        .path("condition")
                        .asText())
                .isEqualTo("service_healthy");
        // the admin reaches the broker on its mTLS listener, with the certificate CN=admin, a super user
        assertThat(env("kafka-secured").get("KAFKA_ADVERTISED_LISTENERS")).contains("INTERNAL://" + bootstrap);
        assertThat(setup).contains("ssl.keystore.location=/certs/admin.p12");
        assertThat(env("kafka-secured").get("KAFKA_SUPER_USERS").split(";")).contains("User:admin");
        assertThat(issued()).containsKeys("admin");
        assertThat(issued().get("admin")).startsWith("admin ");
    }

    @Test
    void theAclsOneShotCreatesThePipelinesTopicsAsTopicsLaysThemOut() {
        String setup = Repo.read(SCRIPTS + "kafka-setup.sh");
        int partitions = Integer.parseInt(shellVariable(setup, "PARTITIONS"));
        assertThat(setup).contains("--partitions \"$PARTITIONS\" --replication-factor 1");
        assertThat(env("streams-secured")).containsEntry("SLEEPDELTA_PARTITIONS", String.valueOf(partitions));

        assertThat(setup).contains("one_partition_topic() {").contains("--partitions 1 --replication-factor 1");

        Map<String, Map<String, String>> created = new TreeMap<>();
        Map<String, Integer> createdPartitions = new TreeMap<>();
        Matcher topic = TOPIC.matcher(setup);
        while (topic.find()) {
            Map<String, String> configs = new TreeMap<>();
            Matcher config = CONFIG.matcher(topic.group(3));
            while (config.find()) {
                configs.put(config.group(1), config.group(2));
            }
            created.put(topic.group(2), configs);
            createdPartitions.put(topic.group(2), topic.group(1).equals("topic") ? partitions : 1);
        }
        Map<String, Map<String, String>> expected = new TreeMap<>();
        Map<String, Integer> expectedPartitions = new TreeMap<>();
        for (NewTopic t : Topics.layout(partitions, (short) 1)) {
            expected.put(t.name(), new TreeMap<>(t.configs()));
            expectedPartitions.put(t.name(), t.numPartitions());
        }
        assertThat(created).isEqualTo(expected);
        assertThat(createdPartitions).isEqualTo(expectedPartitions);
    }

    @Test
    void eachServiceUsesOnlyItsOwnPrincipalsPassword() {
        Map<String, String> passwords = scramPasswords();
        assertThat(passwords).containsOnlyKeys("ingest", "importer", "streams", "sink", "eraser");
        assertThat(new TreeSet<>(passwords.values())).as("one password each").hasSize(passwords.size());
        String setup = Repo.read(SCRIPTS + "kafka-setup.sh");
        passwords
                .keySet()
                .forEach(user -> assertThat(setup)
                        .contains("scram_user " + user + " \"$SCRAM_PASSWORD_" + user.toUpperCase(Locale.ROOT) + "\""));

        List<String> ours = new ArrayList<>();
        services.forEach((name, service) -> {
            String values = String.join("\n", environment(service).values()) + "\n" + command(service);
            if (name.equals("acls")) {
                return;
            }
            String user = null;
            if (isOurs(service) && service.has("profiles")) {
                ours.add(name);
                Map<String, String> env = environment(service);
                user = PRINCIPALS.get(subcommand(service)).substring("User:".length());
                assertThat(env)
                        .as(name)
                        .containsEntry("SLEEPDELTA_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                        .containsEntry("SLEEPDELTA_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
                        .containsEntry("SLEEPDELTA_KAFKA_SSL_TRUSTSTORE_LOCATION", "/certs/truststore.p12");
                Matcher jaas = JAAS.matcher(env.getOrDefault("SLEEPDELTA_KAFKA_SASL_JAAS_CONFIG", ""));
                assertThat(jaas.matches()).as(name + ": a SCRAM login").isTrue();
                assertThat(jaas.group(1)).as(name + " runs as").isEqualTo(user);
                assertThat(jaas.group(2)).as(name + "'s password").isEqualTo(passwords.get(user));
            }
            for (Map.Entry<String, String> password : passwords.entrySet()) {
                if (!password.getKey().equals(user)) {
                    assertThat(values)
                            .as(name + " must not hold the password of " + password.getKey())
                            .doesNotContain(password.getValue());
                }
            }
        });
        assertThat(ours).containsExactlyInAnyOrder("streams-secured", "ingest-secured", "sink-secured");
    }

    @Test
    void theBrokerAuthenticatesEveryClientAndDeniesWhatNoAclAllows() {
        Map<String, String> kafka = env("kafka-secured");
        assertThat(kafka)
                .containsEntry("KAFKA_AUTHORIZER_CLASS_NAME", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .containsEntry("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND", "false")
                .containsEntry("KAFKA_LISTENER_NAME_CLIENT_SASL_ENABLED_MECHANISMS", "SCRAM-SHA-512")
                .containsEntry("KAFKA_SSL_CLIENT_AUTH", "required")
                .containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        Set<String> protocols = new TreeSet<>();
        for (String entry : kafka.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP").split(",")) {
            protocols.add(entry.substring(entry.indexOf(':') + 1));
        }
        assertThat(protocols).as("no PLAINTEXT listener").containsOnly("SASL_SSL", "SSL");
        assertThat(kafka.get("KAFKA_ADVERTISED_LISTENERS"))
                .as("the image's start script treats a listener named *SSL:// as its own conventions")
                .doesNotContain("SSL://");
        assertThat(Set.of(kafka.get("KAFKA_SUPER_USERS").split(";")))
                .containsExactlyInAnyOrder("User:admin", "User:broker");
        // the broker's certificate is CN=broker, its principal through the mapping rule, and names the host
        assertThat(issued()).containsEntry("broker", "broker dns:kafka-secured");
        assertThat(kafka.get("KAFKA_SSL_PRINCIPAL_MAPPING_RULES")).isEqualTo("RULE:^CN=([^,]+)(,.*)?$$/$$1/,DEFAULT");
        assertThat(services.get("kafka-secured").has("ports"))
                .as("no listener on the host")
                .isFalse();

        for (String name : COUNTERPARTS.keySet()) {
            assertThat(kafka.get("KAFKA_ADVERTISED_LISTENERS"))
                    .as(name)
                    .contains("CLIENT://" + env(name).get("SLEEPDELTA_BOOTSTRAP_SERVERS"));
            assertThat(kafka.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP")).contains("CLIENT:SASL_SSL");
        }
    }

    @Test
    void ingestServesHttpsOnlyAndItsHealthOnTheManagementPort() {
        JsonNode ingest = services.get("ingest-secured");
        Map<String, String> env = environment(ingest);
        int https = Integer.parseInt(env.get("SLEEPDELTA_HTTP_PORT"));
        assertThat(managementPort(ingest)).as("a management port of its own").isNotEqualTo(https);
        assertThat(env.get("SLEEPDELTA_TLS_KEYSTORE")).isEqualTo("/certs/ingest-https.p12");
        assertThat(env.get("SLEEPDELTA_TLS_KEYSTORE_PASSWORD"))
                .isEqualTo(env("certs").get("STORE_PASSWORD"));
        assertThat(issued().get("ingest-https")).isEqualTo("ingest-secured dns:ingest-secured,dns:localhost");
        assertThat(strings(ingest.path("ports")))
                .as("only the HTTPS port on the host")
                .containsExactly("127.0.0.1:" + https + ":" + https);
    }

    /** The secured services run what their open counterparts run, with the same settings but security's. */
    @Test
    void eachSecuredServiceMirrorsItsOpenCounterpart() {
        COUNTERPARTS.forEach((name, counterpart) -> {
            assertThat(command(services.get(name))).as(name).isEqualTo(command(services.get(counterpart)));
            Map<String, String> open = new TreeMap<>(env(counterpart));
            Map<String, String> mirrored = new TreeMap<>(env(name));
            open.keySet().removeAll(SECURITY_VARIABLES);
            mirrored.keySet().removeIf(v -> SECURITY_VARIABLES.contains(v) || v.startsWith("SLEEPDELTA_KAFKA_"));
            assertThat(mirrored)
                    .as(name + " sets what " + counterpart + " sets (a new setting there, such as a key or a pepper,"
                            + " belongs here too)")
                    .isEqualTo(open);
        });
    }

    /** Every store a service or the broker reads is one the `certs` one-shot writes, in a volume mounted there. */
    @Test
    void everyStoreReadIsWrittenByTheCertsOneShotAndMounted() {
        JsonNode certs = services.get("certs");
        assertThat(command(certs)).containsExactly("sh", "/secured/certs.sh");
        assertThat(mounts(certs)).contains(new Mount("./" + SCRIPTS + "certs.sh", "/secured/certs.sh"));
        assertThat(certs.path("restart").asText()).isEqualTo("no");
        Mount volume =
                mounts(certs).stream().filter(m -> !m.isBind()).findFirst().orElseThrow();
        Set<String> written = new TreeSet<>(Set.of("truststore.p12"));
        issued().keySet().forEach(name -> written.add(name + ".p12"));
        String certsScript = Repo.read(SCRIPTS + "certs.sh");
        assertThat(certsScript).contains("-keystore truststore.p12").contains("rm -f ca.p12");

        Pattern store = Pattern.compile(Pattern.quote(volume.target()) + "/([A-Za-z0-9.-]+)");
        secured.forEach((name, service) -> {
            String read = String.join("\n", environment(service).values()) + "\n"
                    + String.join(" ", strings(service.path("healthcheck").path("test")));
            if (name.equals("acls")) {
                read += Repo.read(SCRIPTS + "kafka-setup.sh");
            }
            Matcher m = store.matcher(read);
            boolean reads = false;
            while (m.find()) {
                reads = true;
                assertThat(written).as(name + " reads " + m.group()).contains(m.group(1));
            }
            if (reads) {
                assertThat(mounts(service)).as(name).contains(new Mount(volume.source(), volume.target()));
                if (!name.equals("certs")) {
                    assertThat(service.path("depends_on").size())
                            .as(name + " waits for the stores")
                            .isPositive();
                }
            }
        });
        assertThat(services.get("kafka-secured")
                        .path("depends_on")
                        .path("certs")
                        .path("condition")
                        .asText())
                .isEqualTo("service_completed_successfully");
    }

    /** certs.sh's `issue NAME CN SAN` lines: NAME to "CN SAN". */
    private static Map<String, String> issued() {
        Map<String, String> issued = new TreeMap<>();
        Matcher m = ISSUED.matcher(Repo.read(SCRIPTS + "certs.sh"));
        while (m.find()) {
            issued.put(m.group(1), m.group(2) + " " + m.group(3));
        }
        return issued;
    }

    private static String shellVariable(String script, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "='?([^'\\n]*)'?$").matcher(script);
        assertThat(m.find()).as(name + " in the script").isTrue();
        return m.group(1);
    }
}
