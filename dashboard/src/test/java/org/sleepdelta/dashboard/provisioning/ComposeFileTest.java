package org.sleepdelta.dashboard.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.sleepdelta.platform.config.KafkaClientProperties;

/**
 * docker-compose.yml against the repository, our configuration classes and the other provisioning files. The checks
 * that hold for any service run over every service, those of the `secured` profile included; those about the open
 * stack (no profile) run over it alone. SecuredComposeFileTest checks what is particular to the secured profile.
 */
class ComposeFileTest {
    static final String GRAFANA_DASHBOARDS_MOUNT = "/etc/grafana/dashboards";
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Set<String> SUBCOMMANDS = Set.of("ingest", "streams", "sink", "simulate");
    private static final Set<String> LONG_RUNNING_SUBCOMMANDS = Set.of("ingest", "streams", "sink");
    /** Documented environment variables of the third-party images we use. */
    private static final Map<String, Pattern> IMAGE_VARIABLES = Map.of(
            "apache/kafka", Pattern.compile("KAFKA_[A-Z0-9_]+|CLUSTER_ID"), // every KAFKA_* becomes a server property
            "postgres",
                    Pattern.compile("POSTGRES_(PASSWORD|USER|DB|INITDB_ARGS|INITDB_WALDIR|HOST_AUTH_METHOD)|PGDATA"),
            // GF_<SECTION>_<KEY> overrides grafana.ini; SLEEPDELTA_GRAFANA_* are read by our provisioning files
            "grafana/grafana", Pattern.compile("GF_[A-Z0-9_]+|SLEEPDELTA_GRAFANA_[A-Z0-9_]+"),
            "prom/prometheus", Pattern.compile("(?!)"));
    /** The port each third-party service listens on in its container. */
    private static final Map<String, Set<Integer>> IMAGE_PORTS = Map.of(
            "apache/kafka",
            Set.of(19092),
            "postgres",
            Set.of(5432),
            "grafana/grafana",
            Set.of(3000),
            "prom/prometheus",
            Set.of(9090));

    private static final Pattern ROLE =
            Pattern.compile("(?i)CREATE\\s+ROLE\\s+(\\w+)\\s+LOGIN\\s+PASSWORD\\s+'([^']*)'");
    private static final Pattern DATABASE = Pattern.compile("(?i)CREATE\\s+DATABASE\\s+(\\w+)\\s+OWNER\\s+(\\w+)");

    private final JsonNode compose = read("docker-compose.yml");
    /** Every service, of every profile. */
    private final Map<String, JsonNode> services = fields(compose.path("services"));
    /** What `docker compose up` starts: the services without a profile. */
    private final Map<String, JsonNode> openStack = openStack(services);

    static Map<String, JsonNode> openStack(Map<String, JsonNode> services) {
        Map<String, JsonNode> open = new LinkedHashMap<>();
        services.forEach((name, service) -> {
            if (!service.has("profiles")) {
                open.put(name, service);
            }
        });
        return open;
    }

    static JsonNode read(String file) {
        try {
            return YAML.readTree(Repo.file(file).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, JsonNode> fields(JsonNode node) {
        Map<String, JsonNode> map = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue()));
        return map;
    }

    static boolean isOurs(JsonNode service) {
        return service.has("build") || service.path("image").asText().startsWith("sleepdelta");
    }

    /** The image without tag: "apache/kafka:4.2.0" is "apache/kafka". */
    static String imageName(JsonNode service) {
        String image = service.path("image").asText();
        return image.contains(":") ? image.substring(0, image.lastIndexOf(':')) : image;
    }

    static Map<String, String> environment(JsonNode service) {
        Map<String, String> env = new TreeMap<>();
        JsonNode node = service.path("environment");
        if (node.isArray()) {
            node.forEach(item -> {
                String[] kv = item.asText().split("=", 2);
                env.put(kv[0], kv.length > 1 ? kv[1] : "");
            });
        } else {
            node.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        }
        return env;
    }

    static List<String> command(JsonNode service) {
        return strings(service.path("command"));
    }

    static List<String> strings(JsonNode array) {
        List<String> strings = new ArrayList<>();
        array.forEach(item -> strings.add(item.asText()));
        return strings;
    }

    static String subcommand(JsonNode service) {
        List<String> command = command(service);
        return command.isEmpty() ? "" : command.get(0);
    }

    /** "./dashboard/x.yml:/etc/x.yml:ro" as (source, target); named volumes have a source without a slash. */
    record Mount(String source, String target) {
        boolean isBind() {
            return source.startsWith(".") || source.startsWith("/");
        }
    }

    static List<Mount> mounts(JsonNode service) {
        List<Mount> mounts = new ArrayList<>();
        for (JsonNode volume : service.path("volumes")) {
            if (volume.isTextual()) {
                String[] parts = volume.asText().split(":");
                mounts.add(new Mount(parts[0], parts[1]));
            } else {
                mounts.add(new Mount(
                        volume.path("source").asText(), volume.path("target").asText()));
            }
        }
        return mounts;
    }

    /** The port our service listens on (HTTP and /metrics for ingest, metrics-port for streams and sink). */
    static int listeningPort(JsonNode service) {
        Map<String, String> env = environment(service);
        String variable = subcommand(service).equals("ingest") ? "SLEEPDELTA_HTTP_PORT" : "SLEEPDELTA_METRICS_PORT";
        assertThat(env)
                .as("the compose file states the port, so this test can compare it")
                .containsKey(variable);
        return Integer.parseInt(env.get(variable));
    }

    /**
     * Where /metrics and /health/* are served: ingest's management port when it has one (required with TLS),
     * else {@link #listeningPort}.
     */
    static int managementPort(JsonNode service) {
        String metricsPort = environment(service).get("SLEEPDELTA_METRICS_PORT");
        return subcommand(service).equals("ingest") && metricsPort != null
                ? Integer.parseInt(metricsPort)
                : listeningPort(service);
    }

    private static Map<String, String> initSqlPasswords() {
        Map<String, String> passwords = new TreeMap<>();
        Matcher m = ROLE.matcher(Repo.read("dashboard/postgres/init.sql"));
        while (m.find()) {
            passwords.put(m.group(1), m.group(2));
        }
        return passwords;
    }

    @Test
    void everyBindMountedFileAndTheBuildContextExistInTheRepository() {
        List<String> missing = new ArrayList<>();
        services.forEach((name, service) -> {
            for (Mount mount : mounts(service)) {
                if (mount.isBind()
                        && !Files.exists(Repo.root().resolve(mount.source()).normalize())) {
                    missing.add(name + ": " + mount.source());
                }
            }
            if (service.has("build")) {
                JsonNode build = service.path("build");
                Path context = Repo.root()
                        .resolve(
                                build.isTextual()
                                        ? build.asText()
                                        : build.path("context").asText("."));
                Path dockerfile = context.resolve(build.path("dockerfile").asText("Dockerfile"));
                if (!Files.isRegularFile(dockerfile)) {
                    missing.add(name + ": " + dockerfile);
                }
            }
        });
        assertThat(missing).isEmpty();
        assertThat(services)
                .containsKeys(
                        "kafka",
                        "ingest",
                        "streams-1",
                        "streams-2",
                        "sink",
                        "postgres",
                        "prometheus",
                        "grafana",
                        "simulator");
    }

    @Test
    void namedVolumesAreDeclaredAndEveryDeclaredOneIsUsed() {
        Set<String> declared = fields(compose.path("volumes")).keySet();
        Set<String> used = new TreeSet<>();
        services.values()
                .forEach(service ->
                        mounts(service).stream().filter(m -> !m.isBind()).forEach(m -> used.add(m.source())));

        assertThat(used).containsExactlyInAnyOrderElementsOf(declared);
        assertThat(used).contains("postgres-data", "kafka-data", "streams-1-state", "streams-2-state");
    }

    @Test
    void ourServicesRunTheCliSubcommandsFromOneImageBuiltFromTheRepository() {
        services.forEach((name, service) -> {
            if (isOurs(service)) {
                assertThat(SUBCOMMANDS)
                        .as(name + " command " + command(service))
                        .contains(subcommand(service));
                assertThat(service.path("image").asText()).as(name).isEqualTo("sleepdelta:local");
                assertThat(service.path("build").asText()).as(name).isEqualTo(".");
            }
        });
        assertThat(services)
                .allSatisfy((name, service) ->
                        assertThat(isOurs(service) || service.has("image")).isTrue());
    }

    @Test
    void ourServicesSetOnlySettingsTheirSubcommandDeclares() {
        List<String> unknown = new ArrayList<>();
        services.forEach((name, service) -> {
            if (!isOurs(service)) {
                return;
            }
            String subcommand = subcommand(service);
            Set<String> allowed = new TreeSet<>(DeclaredSettings.keysOf(subcommand));
            Set<String> variables = new TreeSet<>();
            allowed.forEach(key -> variables.add(DeclaredSettings.environmentVariable(key)));
            for (String variable : environment(service).keySet()) {
                boolean kafkaProperty = allowed.contains("kafka") && KAFKA_CLIENT_VARIABLES.contains(variable);
                if (!variables.contains(variable) && !kafkaProperty) {
                    unknown.add(name + " (" + subcommand + "): " + variable + " is none of " + variables);
                }
            }
        });
        assertThat(unknown).isEmpty();
    }

    /**
     * SLEEPDELTA_KAFKA_<PROPERTY> for every property a Kafka producer, consumer or admin client defines, for all
     * clients or one kind (docs/configuration.md#kafka-client-settings); the service itself checks them at start.
     */
    static final Set<String> KAFKA_CLIENT_VARIABLES = kafkaClientVariables();

    private static Set<String> kafkaClientVariables() {
        Set<String> names = new TreeSet<>();
        names.addAll(ProducerConfig.configNames());
        names.addAll(ConsumerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
        Set<String> variables = new TreeSet<>();
        for (String prefix : List.of("kafka.", "kafka.producer.", "kafka.consumer.", "kafka.admin.")) {
            names.forEach(name -> variables.add(KafkaClientProperties.environmentVariable(prefix + name)));
        }
        return variables;
    }

    @Test
    void theSettingsFoundInTheSourcesIncludeTheServicesKnownKeys() {
        assertThat(DeclaredSettings.keysOf("ingest"))
                .contains("http-host", "http-port", "bootstrap-servers", "api-keys", "retention-days")
                .doesNotContain("application-id");
        assertThat(DeclaredSettings.keysOf("streams"))
                .contains("bootstrap-servers", "application-id", "state-dir", "partitions")
                .doesNotContain("http-port", "retention-day");
        assertThat(DeclaredSettings.declaredIn("""
                /** {@code Setting.integer("in-javadoc", 1, 2)} */
                static final Setting<Integer> X = Setting.integer("real-key", 1, 2); // Setting.string("in-comment")
                static final String URL = "http://x"; static final Setting<String> Y = Setting.string("after-url");
                """)).containsExactly("after-url", "real-key");
    }

    @Test
    void theSimulatorPostsToIngestWithAKeyIngestAccepts() throws Exception {
        List<String> command = command(services.get("simulator"));
        assertThat(command).hasSize(7);
        assertThat(command.subList(0, 2)).containsExactly("simulate", "--ingest-url");
        assertThat(command.get(3)).isEqualTo("--api-key");
        assertThat(command.get(5)).isEqualTo("--clinic");

        URI url = URI.create(command.get(2));
        assertThat(url.getHost()).isEqualTo("ingest");
        assertThat(url.getPort()).isEqualTo(listeningPort(services.get("ingest")));
        // ingest refuses anything but sdk_ and 43 base64url characters before any lookup
        assertThat(command.get(4)).matches("sdk_[A-Za-z0-9_-]{43}");
        // stored as HMAC-SHA-256 keyed with the pepper (at least 32 bytes) that ingest is given
        String pepper = environment(services.get("ingest")).get("SLEEPDELTA_API_KEY_PEPPER");
        assertThat(pepper.getBytes(StandardCharsets.UTF_8).length).isGreaterThanOrEqualTo(32);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(pepper.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String hash = HexFormat.of().formatHex(mac.doFinal(command.get(4).getBytes(StandardCharsets.UTF_8)));
        // the key must belong to the clinic the simulator sends for, or ingest answers 403
        assertThat(environment(services.get("ingest")).get("SLEEPDELTA_API_KEYS"))
                .startsWith("hmac-sha256:" + hash + " = " + command.get(6) + " scopes=write");
        assertThat(services.get("simulator").path("restart").asText()).isEqualTo("no");
    }

    @Test
    void prometheusScrapesEveryServiceOnItsMetricsPort() {
        Map<String, Integer> scraped = new TreeMap<>();
        for (JsonNode job : read("dashboard/prometheus/prometheus.yml").path("scrape_configs")) {
            for (JsonNode config : job.path("static_configs")) {
                for (JsonNode target : config.path("targets")) {
                    String[] hostPort = target.asText().split(":");
                    scraped.put(hostPort[0], Integer.parseInt(hostPort[1]));
                }
            }
        }
        Map<String, Integer> expected = new TreeMap<>();
        openStack.forEach((name, service) -> {
            if (isOurs(service) && LONG_RUNNING_SUBCOMMANDS.contains(subcommand(service))) {
                expected.put(name, managementPort(service));
            }
        });
        assertThat(scraped).isEqualTo(expected);
        assertThat(expected)
                .containsEntry("ingest", 8080)
                .containsEntry("streams-1", 8081)
                .containsEntry("streams-2", 8081)
                .containsEntry("sink", 8082);
    }

    @Test
    void longRunningServicesHaveHealthchecksOnTheirOwnPortAndDependenciesWaitForThem() {
        services.forEach((name, service) -> {
            boolean oneShot = "no".equals(service.path("restart").asText())
                    && !(isOurs(service) && LONG_RUNNING_SUBCOMMANDS.contains(subcommand(service)));
            if (!oneShot) {
                assertThat(service.has("healthcheck"))
                        .as(name + " has a healthcheck")
                        .isTrue();
            }
            if (isOurs(service) && LONG_RUNNING_SUBCOMMANDS.contains(subcommand(service))) {
                assertThat(String.join(" ", strings(service.path("healthcheck").path("test"))))
                        .as(name)
                        .contains("http://127.0.0.1:" + managementPort(service) + "/health/ready");
            }
            fields(service.path("depends_on")).forEach((dependency, how) -> {
                assertThat(services).as(name + " depends on " + dependency).containsKey(dependency);
                if (openStack.containsKey(name)) {
                    assertThat(openStack)
                            .as(name + " (open stack) depends on " + dependency)
                            .containsKey(dependency);
                }
                if ("service_healthy".equals(how.path("condition").asText())) {
                    assertThat(services.get(dependency).has("healthcheck"))
                            .as(dependency + " has a healthcheck")
                            .isTrue();
                }
            });
        });
        assertThat(services.get("ingest")
                        .path("depends_on")
                        .path("streams-1")
                        .path("condition")
                        .asText())
                .as("ingest waits until the streams service has created the topics")
                .isEqualTo("service_healthy");
    }

    @Test
    void publishedPortsListenOnLocalhostAndReachWhatTheServiceListensOn() {
        Set<String> hostPorts = new HashSet<>();
        services.forEach((name, service) -> {
            for (JsonNode port : service.path("ports")) {
                String[] parts = port.asText().split(":");
                assertThat(parts).as(name + " " + port).hasSize(3);
                assertThat(parts[0])
                        .as(name + ": demo passwords, so localhost only")
                        .isEqualTo("127.0.0.1");
                assertThat(hostPorts.add(parts[1]))
                        .as(name + ": host port " + parts[1] + " is unique")
                        .isTrue();
                int containerPort = Integer.parseInt(parts[2]);
                if (isOurs(service)) {
                    assertThat(Set.copyOf(List.of(listeningPort(service), managementPort(service))))
                            .as(name)
                            .contains(containerPort);
                } else {
                    assertThat(IMAGE_PORTS.get(imageName(service))).as(name).contains(containerPort);
                }
            }
        });
        assertThat(hostPorts).contains("3000", "9090", "8080");
    }

    @Test
    void theTwoStreamsInstancesShareOneApplicationIdButNotTheirState() {
        Map<String, String> one = environment(services.get("streams-1"));
        Map<String, String> two = environment(services.get("streams-2"));

        assertThat(one.get("SLEEPDELTA_APPLICATION_ID")).isNotBlank().isEqualTo(two.get("SLEEPDELTA_APPLICATION_ID"));
        assertThat(mounts(services.get("streams-1")).get(0).source())
                .isNotEqualTo(mounts(services.get("streams-2")).get(0).source());
        assertThat(mounts(services.get("streams-1")).get(0).target()).isEqualTo(one.get("SLEEPDELTA_STATE_DIR"));
    }

    @Test
    void everyServiceReachesKafkaThroughTheBrokersAdvertisedListener() {
        String advertised = environment(services.get("kafka")).get("KAFKA_ADVERTISED_LISTENERS");
        openStack.forEach((name, service) -> {
            String bootstrap = environment(service).get("SLEEPDELTA_BOOTSTRAP_SERVERS");
            if (bootstrap != null) {
                assertThat(advertised).as(name).contains("PLAINTEXT://" + bootstrap);
            }
        });
        assertThat(environment(services.get("kafka")))
                .containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1");
    }

    @Test
    void postgresUsersAgreeAcrossTheInitScriptTheSinkAndGrafana() throws IOException {
        Map<String, String> passwords = initSqlPasswords();
        Matcher database = DATABASE.matcher(Repo.read("dashboard/postgres/init.sql"));
        assertThat(database.find()).isTrue();

        Map<String, String> sink = environment(services.get("sink"));
        assertThat(sink.get("SLEEPDELTA_JDBC_URL")).isEqualTo("jdbc:postgresql://postgres:5432/" + database.group(1));
        assertThat(sink.get("SLEEPDELTA_JDBC_USER")).isEqualTo(database.group(2));
        assertThat(passwords).containsEntry(sink.get("SLEEPDELTA_JDBC_USER"), sink.get("SLEEPDELTA_JDBC_PASSWORD"));

        JsonNode postgres = null;
        JsonNode prometheus = null;
        for (JsonNode ds : read(DashboardFilesTest.DATASOURCES).path("datasources")) {
            if (ds.path("uid").asText().equals("sleepdelta-postgres")) {
                postgres = ds;
            } else if (ds.path("uid").asText().equals("sleepdelta-prometheus")) {
                prometheus = ds;
            }
        }
        assertThat(postgres).isNotNull();
        assertThat(postgres.path("url").asText()).isEqualTo("postgres:5432");
        assertThat(postgres.path("jsonData").path("database").asText()).isEqualTo(database.group(1));
        assertThat(postgres.path("user").asText()).isEqualTo("grafana_reader");
        assertThat(passwords)
                .containsEntry(
                        "grafana_reader",
                        postgres.path("secureJsonData").path("password").asText());
        assertThat(prometheus).isNotNull();
        assertThat(prometheus.path("url").asText()).isEqualTo("http://prometheus:9090");
        assertThat(mounts(services.get("postgres")))
                .contains(new Mount("./dashboard/postgres/init.sql", "/docker-entrypoint-initdb.d/10-sleepdelta.sql"));
    }

    /** Grafana reads an unset variable as empty, which would leave sslmode to its default: compose sets every one. */
    @Test
    void grafanaGetsEveryVariableItsDatasourceProvisioningReads() {
        Matcher variable = Pattern.compile("\\$\\{([A-Z0-9_]+)}")
                .matcher(Repo.read("dashboard/grafana/provisioning/datasources/datasources.yaml"));
        Set<String> read = new TreeSet<>();
        while (variable.find()) {
            read.add(variable.group(1));
        }

        assertThat(read).contains("SLEEPDELTA_GRAFANA_PG_SSLMODE", "SLEEPDELTA_GRAFANA_PG_SSLROOTCERT");
        assertThat(environment(services.get("grafana"))).containsKeys(read.toArray(String[]::new));
        assertThat(environment(services.get("grafana")).get("SLEEPDELTA_GRAFANA_PG_SSLMODE"))
                .as("compose's network is private")
                .isEqualTo("disable");
    }

    @Test
    void grafanaReadsTheProvisioningAndDashboardsWhereTheProviderLooks() {
        JsonNode grafana = services.get("grafana");
        assertThat(mounts(grafana))
                .contains(
                        new Mount(
                                "./dashboard/grafana/provisioning/datasources",
                                "/etc/grafana/provisioning/datasources"),
                        new Mount(
                                "./dashboard/grafana/provisioning/dashboards", "/etc/grafana/provisioning/dashboards"),
                        new Mount("./dashboard/grafana/dashboards", GRAFANA_DASHBOARDS_MOUNT));

        Map<String, String> env = environment(grafana);
        String home = env.get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
        assertThat(home).startsWith(GRAFANA_DASHBOARDS_MOUNT + "/");
        assertThat(Repo.file("dashboard/grafana/dashboards")
                        .resolve(home.substring(GRAFANA_DASHBOARDS_MOUNT.length() + 1)))
                .isRegularFile();
    }

    @Test
    void ingestAndStreamsTakeTheMasterKeysFromTheCallersEnvironment() {
        for (String service : List.of("ingest", "streams-1", "streams-2", "ingest-secured", "streams-secured")) {
            assertThat(environment(services.get(service)).get("SLEEPDELTA_MASTER_KEYS"))
                    .as(service + ": the master keys (payload encryption) are a required variable of the caller's"
                            + " environment, not a literal")
                    .matches("\\$\\{SLEEPDELTA_MASTER_KEYS:\\?[^}]+}");
        }
    }

    @Test
    void grafanaLetsNobodyInWithoutLoggingInAndTakesTheAdminPasswordFromTheEnvironment() {
        Map<String, String> env = environment(services.get("grafana"));
        // a viewer can send any SQL through the datasource API: anonymous access would be a read path without a login
        assertThat(env)
                .as("anonymous access is off")
                .containsEntry("GF_AUTH_ANONYMOUS_ENABLED", "false")
                .doesNotContainKey("GF_AUTH_ANONYMOUS_ORG_ROLE")
                .containsEntry("GF_USERS_ALLOW_SIGN_UP", "false");
        assertThat(env.getOrDefault("GF_AUTH_DISABLE_LOGIN_FORM", "false")).isEqualTo("false");
        assertThat(env.get("GF_SECURITY_ADMIN_PASSWORD"))
                .as("the admin password is a required variable of the caller's environment, not a literal")
                .matches("\\$\\{SLEEPDELTA_GRAFANA_ADMIN_PASSWORD:\\?[^}]+}");
        assertThat(Files.exists(Repo.file(".env")))
                .as("no .env file supplies it from the repository")
                .isFalse();
    }

    @Test
    void prometheusFindsItsConfigAndEveryRuleFileWhereItIsMounted() {
        List<Mount> mounts = mounts(services.get("prometheus"));
        assertThat(mounts)
                .contains(new Mount("./dashboard/prometheus/prometheus.yml", "/etc/prometheus/prometheus.yml"));
        for (JsonNode ruleFile : read("dashboard/prometheus/prometheus.yml").path("rule_files")) {
            String target = Path.of("/etc/prometheus")
                    .resolve(ruleFile.asText())
                    .normalize()
                    .toString();
            assertThat(mounts)
                    .as("rule file " + ruleFile.asText())
                    .contains(new Mount("./dashboard/prometheus/" + ruleFile.asText(), target));
        }
    }
}
