package org.sleepdelta.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * How an {@link EmbeddedKafkaBroker}'s client listener is secured. {@link #plaintext()} (the default) is today's open
 * broker; {@link #saslSsl} and {@link #mutualTls} turn on TLS, authentication and Kafka's {@code StandardAuthorizer}
 * with {@code allow.everyone.if.no.acl.found=false}, so a principal may do only what an ACL grants it.
 *
 * <p>Listeners of a secured broker, all on 127.0.0.1:
 *
 * <ul>
 *   <li>{@code CLIENT}: {@code SASL_SSL} with SCRAM-SHA-512 (users created at format time with {@code kafka-storage
 *       format --add-scram}), or {@code SSL} with {@code ssl.client.auth=required} (the user is the certificate's CN).
 *       {@link EmbeddedKafkaBroker#bootstrapServers()} points here.
 *   <li>{@code INTERNAL} (inter-broker) and {@code CONTROLLER} (KRaft): {@code SSL} with client certificates required,
 *       using the broker's own certificate. Not PLAINTEXT on purpose: a PLAINTEXT connection's principal is
 *       {@code User:ANONYMOUS}, which would have to be a super user for the broker to talk to its own controller,
 *       and then anyone on the machine could reach the controller port (an admin client's
 *       {@code bootstrap.controllers}) and grant themselves any ACL.
 * </ul>
 *
 * <p>Certificate subjects map to users by their CN ({@code ssl.principal.mapping.rules}): a certificate
 * {@code CN=sink} authenticates {@code User:sink}, the same principal a SCRAM user {@code sink} gets, so one ACL set
 * serves both modes. The broker's own user (its certificate's CN) is always a super user; add the admin with
 * {@link #withSuperUser}.
 *
 * <p>SCRAM passwords reach the format tool as command-line arguments of a local child process: fine for tests and
 * demos on a single machine, not for a production cluster.
 */
public final class BrokerSecurity {

    static final String CLIENT_LISTENER = "CLIENT";
    static final String INTERNAL_LISTENER = "INTERNAL";
    static final String SCRAM_MECHANISM = "SCRAM-SHA-512";
    static final String PRINCIPAL_MAPPING_RULES = "RULE:^CN=([^,]+)(,.*)?$/$1/,DEFAULT";

    // The format tool's --add-scram syntax has no escaping; keep names and passwords to characters that need none.
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]+");

    private final SecurityMode mode;
    private final TlsStores brokerStores;
    private final Map<String, String> scramUsers;
    private final Set<String> superUsers;

    private BrokerSecurity(
            SecurityMode mode, TlsStores brokerStores, Map<String, String> scramUsers, Set<String> superUsers) {
        this.mode = mode;
        this.brokerStores = brokerStores;
        this.scramUsers = Collections.unmodifiableMap(new LinkedHashMap<>(scramUsers));
        this.superUsers = Collections.unmodifiableSet(new LinkedHashSet<>(superUsers));
    }

    /** The open broker: PLAINTEXT, no authorizer. */
    public static BrokerSecurity plaintext() {
        return new BrokerSecurity(SecurityMode.PLAINTEXT, null, Map.of(), Set.of());
    }

    /**
     * Clients connect with {@code SASL_SSL} and SCRAM-SHA-512; add users with {@link #withScramUser}.
     *
     * @param brokerStores the broker's key and certificate (with the names clients connect to, 127.0.0.1, as subject
     *     alternative names) and the CA it trusts for its own internal connections
     */
    public static BrokerSecurity saslSsl(TlsStores brokerStores) {
        return secured(SecurityMode.SASL_SSL, brokerStores);
    }

    /**
     * Clients connect with {@code SSL} and must present a certificate signed by the CA in the truststore of
     * {@code brokerStores}; the user is the certificate's CN.
     */
    public static BrokerSecurity mutualTls(TlsStores brokerStores) {
        return secured(SecurityMode.MTLS, brokerStores);
    }

    private static BrokerSecurity secured(SecurityMode mode, TlsStores brokerStores) {
        Objects.requireNonNull(brokerStores, "brokerStores");
        String brokerUser = commonName(brokerStores);
        return new BrokerSecurity(mode, brokerStores, Map.of(), Set.of("User:" + brokerUser));
    }

    /**
     * A SCRAM-SHA-512 user created when the storage is formatted. Only a fresh data directory gets it: a directory
     * formatted earlier keeps the users it had.
     *
     * @throws IllegalStateException unless the mode is {@link SecurityMode#SASL_SSL}
     * @throws IllegalArgumentException if name or password contain characters other than letters, digits, {@code ._-}
     */
    public BrokerSecurity withScramUser(String name, String password) {
        if (mode != SecurityMode.SASL_SSL) {
            throw new IllegalStateException("SCRAM users need SecurityMode.SASL_SSL, not " + mode);
        }
        requireSafe("user name", name);
        requireSafe("password of " + name, password);
        Map<String, String> users = new LinkedHashMap<>(scramUsers);
        users.put(name, password);
        return new BrokerSecurity(mode, brokerStores, users, superUsers);
    }

    /** A user (SCRAM name or certificate CN, without {@code User:}) allowed everything, whatever the ACLs say. */
    public BrokerSecurity withSuperUser(String name) {
        if (mode == SecurityMode.PLAINTEXT) {
            throw new IllegalStateException("a PLAINTEXT broker has no authorizer, so no super users");
        }
        requireSafe("user name", name);
        Set<String> users = new LinkedHashSet<>(superUsers);
        users.add("User:" + name);
        return new BrokerSecurity(mode, brokerStores, scramUsers, users);
    }

    public SecurityMode mode() {
        return mode;
    }

    /** {@code User:<name>} of every super user, the broker's own first. */
    public Set<String> superUsers() {
        return superUsers;
    }

    /** Names of the SCRAM users created at format time. */
    public Set<String> scramUserNames() {
        return scramUsers.keySet();
    }

    boolean secured() {
        return mode != SecurityMode.PLAINTEXT;
    }

    /** Listener, TLS, SASL and authorizer settings; the listener ones are in {@link SingleNodeServerProperties#MANAGED_KEYS}. */
    Map<String, String> serverProperties(BrokerPorts ports) {
        Map<String, String> properties = new TreeMap<>();
        String controller = "CONTROLLER://127.0.0.1:" + ports.controller();
        properties.put("controller.listener.names", "CONTROLLER");
        if (!secured()) {
            properties.put("listeners", "PLAINTEXT://127.0.0.1:" + ports.client() + "," + controller);
            properties.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + ports.client());
            properties.put("inter.broker.listener.name", "PLAINTEXT");
            properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            return properties;
        }
        String client = CLIENT_LISTENER + "://127.0.0.1:" + ports.client();
        String internal = INTERNAL_LISTENER + "://127.0.0.1:" + ports.internal();
        properties.put("listeners", client + "," + internal + "," + controller);
        properties.put("advertised.listeners", client + "," + internal);
        properties.put("inter.broker.listener.name", INTERNAL_LISTENER);
        properties.put(
                "listener.security.protocol.map",
                CLIENT_LISTENER + ":" + (mode == SecurityMode.SASL_SSL ? "SASL_SSL" : "SSL") + "," + INTERNAL_LISTENER
                        + ":SSL,CONTROLLER:SSL");

        // One certificate for every listener; internal listeners require the peer's (which is the broker's own).
        properties.put("ssl.keystore.type", "PKCS12");
        properties.put("ssl.keystore.location", brokerStores.keystore().toString());
        properties.put("ssl.keystore.password", brokerStores.keystorePassword());
        properties.put("ssl.key.password", brokerStores.keystorePassword());
        properties.put("ssl.truststore.type", "PKCS12");
        properties.put("ssl.truststore.location", brokerStores.truststore().toString());
        properties.put("ssl.truststore.password", brokerStores.truststorePassword());
        properties.put("ssl.client.auth", "required");
        properties.put("ssl.principal.mapping.rules", PRINCIPAL_MAPPING_RULES);
        String clientPrefix = "listener.name." + CLIENT_LISTENER.toLowerCase(java.util.Locale.ROOT) + ".";
        if (mode == SecurityMode.SASL_SSL) {
            // Passwords authenticate SASL clients; a client certificate is neither needed nor asked for.
            properties.put(clientPrefix + "ssl.client.auth", "none");
            properties.put(clientPrefix + "sasl.enabled.mechanisms", SCRAM_MECHANISM);
            properties.put(
                    clientPrefix + SCRAM_MECHANISM.toLowerCase(java.util.Locale.ROOT) + ".sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        } else {
            properties.put(clientPrefix + "ssl.client.auth", "required");
        }

        properties.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        properties.put("allow.everyone.if.no.acl.found", "false");
        properties.put("super.users", String.join(";", superUsers));
        return properties;
    }

    /** Extra arguments of {@code kafka-storage format}: one {@code --add-scram} per user. */
    List<String> formatArguments() {
        List<String> arguments = new ArrayList<>();
        scramUsers.forEach((name, password) -> {
            arguments.add("--add-scram");
            arguments.add(SCRAM_MECHANISM + "=[name=" + name + ",password=" + password + "]");
        });
        return arguments;
    }

    /**
     * Client settings for the broker's own principal on its {@code INTERNAL} listener: a super user, for the
     * readiness check, which thus needs no user of the caller's.
     */
    Map<String, Object> internalClientProperties(BrokerPorts ports) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("bootstrap.servers", "127.0.0.1:" + (secured() ? ports.internal() : ports.client()));
        if (secured()) {
            properties.put("security.protocol", "SSL");
            properties.put("ssl.keystore.type", "PKCS12");
            properties.put("ssl.keystore.location", brokerStores.keystore().toString());
            properties.put("ssl.keystore.password", brokerStores.keystorePassword());
            properties.put("ssl.key.password", brokerStores.keystorePassword());
            properties.put("ssl.truststore.type", "PKCS12");
            properties.put("ssl.truststore.location", brokerStores.truststore().toString());
            properties.put("ssl.truststore.password", brokerStores.truststorePassword());
        }
        return properties;
    }

    @Override
    public String toString() {
        return secured()
                ? mode + " (super users " + superUsers + ", SCRAM users " + scramUsers.keySet() + ")"
                : mode.toString();
    }

    private static void requireSafe(String what, String value) {
        if (value == null || !SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be letters, digits, '.', '_' or '-'");
        }
    }

    /** The CN of the certificate in the keystore's key entry: the broker's user name under the mapping rule. */
    private static String commonName(TlsStores stores) {
        try (InputStream in = Files.newInputStream(stores.keystore())) {
            KeyStore keystore = KeyStore.getInstance("PKCS12");
            keystore.load(in, stores.keystorePassword().toCharArray());
            for (String alias : Collections.list(keystore.aliases())) {
                if (keystore.isKeyEntry(alias)) {
                    X509Certificate certificate = (X509Certificate) keystore.getCertificate(alias);
                    for (Rdn rdn :
                            new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                        if (rdn.getType().equalsIgnoreCase("CN")) {
                            return rdn.getValue().toString();
                        }
                    }
                    throw new IllegalArgumentException("the broker certificate in " + stores.keystore() + " has no CN: "
                            + certificate.getSubjectX500Principal());
                }
            }
            throw new IllegalArgumentException(stores.keystore() + " has no key entry");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the broker keystore " + stores.keystore(), e);
        } catch (GeneralSecurityException | InvalidNameException e) {
            throw new IllegalArgumentException("cannot read the broker keystore " + stores.keystore(), e);
        }
    }
}
