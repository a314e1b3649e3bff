package org.sleepdelta.embedded.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.resource.ResourcePattern;
import org.awaitility.Awaitility;
import org.sleepdelta.embedded.BrokerSecurity;
import org.sleepdelta.embedded.EmbeddedKafkaBroker;
import org.sleepdelta.embedded.SecurityMode;
import org.sleepdelta.embedded.TlsStores;

/**
 * An embedded broker of its own with a secured client listener, its users and their client settings: for tests of
 * authentication and ACLs. Unlike {@link KafkaTestBroker#bootstrapServers()} it is not shared, and it is always the
 * embedded broker (no Docker variant). Start it with {@link KafkaTestBroker#secured}; close it after the tests.
 *
 * <pre>{@code
 * try (SecuredTestBroker broker = KafkaTestBroker.secured(SecurityMode.SASL_SSL, "ingest", "sink")) {
 *     broker.createTopics(new NewTopic("sleep-records", 1, (short) 1));
 *     broker.createAcls("ingest", new ResourcePattern(ResourceType.TOPIC, "sleep-records", PatternType.LITERAL),
 *             AclOperation.WRITE);
 *     new KafkaProducer<>(broker.clientProperties("ingest"), ...);
 * }
 * }</pre>
 *
 * <p>Every broker has the super user {@value #ADMIN} besides the requested users (and the broker's own user
 * {@value #BROKER_USER}, for its internal listeners). Certificates (a fresh CA, the broker's for 127.0.0.1 and
 * localhost, and under {@link SecurityMode#MTLS} one per user) are made at start in a temporary directory that
 * {@link #close()} deletes.
 */
public final class SecuredTestBroker implements AutoCloseable {

    /** The super user every secured test broker has; {@link #admin()} connects as this user. */
    public static final String ADMIN = "admin";

    static final String BROKER_USER = "broker";
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final EmbeddedKafkaBroker broker;
    private final TestCertificates certificates;
    private final Map<String, Map<String, Object>> clientProperties;

    private SecuredTestBroker(
            EmbeddedKafkaBroker broker,
            TestCertificates certificates,
            Map<String, Map<String, Object>> clientProperties) {
        this.broker = broker;
        this.certificates = certificates;
        this.clientProperties = clientProperties;
    }

    static SecuredTestBroker start(SecurityMode mode, String... users) {
        if (mode == SecurityMode.PLAINTEXT) {
            throw new IllegalArgumentException("a secured broker needs SASL_SSL or MTLS; for PLAINTEXT use"
                    + " KafkaTestBroker.bootstrapServers()");
        }
        Set<String> names = new java.util.LinkedHashSet<>();
        names.add(ADMIN);
        names.addAll(Arrays.asList(users));
        if (names.contains(BROKER_USER)) {
            throw new IllegalArgumentException("'" + BROKER_USER + "' is the broker's own user");
        }
        Path certificateDir = createTempDir();
        try {
            TestCertificates certificates = TestCertificates.create(certificateDir);
            TestCertificates.Issued brokerCertificate = certificates.issue(BROKER_USER, "127.0.0.1", "localhost");
            TlsStores brokerStores = new TlsStores(
                    brokerCertificate.keystore(),
                    brokerCertificate.password(),
                    certificates.truststore(),
                    certificates.truststorePassword());

            BrokerSecurity security = mode == SecurityMode.SASL_SSL
                    ? BrokerSecurity.saslSsl(brokerStores)
                    : BrokerSecurity.mutualTls(brokerStores);
            security = security.withSuperUser(ADMIN);
            Map<String, Map<String, Object>> settings = new LinkedHashMap<>();
            for (String user : names) {
                Map<String, Object> properties = trusting(certificates);
                if (mode == SecurityMode.SASL_SSL) {
                    String password = newPassword();
                    security = security.withScramUser(user, password);
                    properties.putAll(scram(user, password));
                } else {
                    properties.putAll(keystore(certificates.issue(user)));
                }
                settings.put(user, properties);
            }

            EmbeddedKafkaBroker broker =
                    EmbeddedKafkaBroker.builder().security(security).start();
            settings.values()
                    .forEach(properties ->
                            properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
            return new SecuredTestBroker(broker, certificates, settings);
        } catch (RuntimeException e) {
            deleteRecursively(certificateDir);
            throw e;
        }
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public SecurityMode mode() {
        return broker.security().mode();
    }

    /**
     * Complete client settings for {@code user}: {@code bootstrap.servers}, {@code security.protocol}, and either
     * {@code sasl.mechanism} + {@code sasl.jaas.config} or a keystore, plus the truststore. A fresh mutable copy each
     * time, for a producer, consumer, admin or Kafka Streams configuration.
     *
     * @throws IllegalArgumentException for a user this broker was not started with
     */
    public Map<String, Object> clientProperties(String user) {
        Map<String, Object> properties = clientProperties.get(user);
        if (properties == null) {
            throw new IllegalArgumentException("no user '" + user + "'; this broker has " + clientProperties.keySet());
        }
        return new LinkedHashMap<>(properties);
    }

    /**
     * Settings that trust the broker's certificate but present no credentials: {@code SASL_SSL} with no JAAS
     * configuration is unusable, so this is plain {@code SSL}, which a {@link SecurityMode#MTLS} listener refuses for
     * want of a certificate, and a {@link SecurityMode#SASL_SSL} listener for want of a SASL handshake.
     */
    public Map<String, Object> clientPropertiesWithoutCredentials() {
        Map<String, Object> properties = trusting(certificates);
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return properties;
    }

    /** The users this broker was started with, {@value #ADMIN} first. */
    public Set<String> users() {
        return clientProperties.keySet();
    }

    /** The CA, the broker's and the users' certificates: e.g. to issue a certificate from a CA nobody trusts. */
    public TestCertificates certificates() {
        return certificates;
    }

    /** An admin client for the super user {@value #ADMIN}; close it after use. */
    public Admin admin() {
        return Admin.create(clientProperties(ADMIN));
    }

    /** Creates topics as {@value #ADMIN}; returns once they exist. */
    public void createTopics(NewTopic... topics) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(topics)).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create topics " + Arrays.toString(topics), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /**
     * Allows {@code User:<user>} each operation on the resources matching {@code pattern}, from any host, as
     * {@value #ADMIN}.
     */
    public void createAcls(String user, ResourcePattern pattern, AclOperation... operations) {
        createAcls(Stream.of(operations)
                .map(operation -> new AclBinding(
                        pattern, new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW)))
                .toList());
    }

    /**
     * Creates the ACL bindings as {@value #ADMIN}, e.g. {@code PipelineAcls.bindings()}; returns once the broker
     * enforces them.
     */
    public void createAcls(Collection<AclBinding> bindings) {
        try (Admin admin = admin()) {
            admin.createAcls(bindings).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            // The controller has committed them; the broker's authorizer applies them when it replays the metadata
            // log, a moment later. A client right after this once failed with an authorization error in that gap.
            // DescribeAcls is answered from the broker's authorizer, so once it lists them, they are enforced.
            Awaitility.await("the broker's authorizer to hold the new ACLs")
                    .atMost(ADMIN_TIMEOUT)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> admin.describeAcls(AclBindingFilter.ANY)
                            .values()
                            .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                            .containsAll(bindings));
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create ACLs " + bindings, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating ACLs", e);
        }
    }

    public EmbeddedKafkaBroker broker() {
        return broker;
    }

    /** Stops the broker and deletes its data and the certificates. */
    @Override
    public void close() {
        broker.close();
        deleteRecursively(certificates.directory());
    }

    @Override
    public String toString() {
        return "secured embedded broker (" + mode() + ") at " + bootstrapServers() + " (log: " + broker.logFile() + ")";
    }

    /** {@code sasl.jaas.config} for a SCRAM user, e.g. to try a wrong password. */
    public static String scramJaasConfig(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
    }

    private static Map<String, Object> trusting(TestCertificates certificates) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL");
        properties.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
        properties.put(
                SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG,
                certificates.truststore().toString());
        properties.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, certificates.truststorePassword());
        return properties;
    }

    private static Map<String, Object> scram(String user, String password) {
        return Map.of(
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL",
                SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512",
                SaslConfigs.SASL_JAAS_CONFIG, scramJaasConfig(user, password));
    }

    private static Map<String, Object> keystore(TestCertificates.Issued certificate) {
        return Map.of(
                SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PKCS12",
                SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, certificate.keystore().toString(),
                SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, certificate.password(),
                SslConfigs.SSL_KEY_PASSWORD_CONFIG, certificate.password());
    }

    private static String newPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("sleepdelta-certificates-");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a directory for test certificates", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // A temporary directory left behind is no reason to fail a test.
        }
    }
}
