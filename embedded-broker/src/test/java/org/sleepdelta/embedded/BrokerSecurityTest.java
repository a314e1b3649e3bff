package org.sleepdelta.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleepdelta.embedded.testing.TestCertificates;

class BrokerSecurityTest {

    private static final BrokerPorts PORTS = new BrokerPorts(9092, 9093, 9094);

    @TempDir
    Path dir;

    private TlsStores brokerStores;

    @BeforeEach
    void certificates() {
        TestCertificates certificates = TestCertificates.create(dir);
        TestCertificates.Issued broker = certificates.issue("kafka-1", "127.0.0.1");
        brokerStores = new TlsStores(
                broker.keystore(), broker.password(), certificates.truststore(), certificates.truststorePassword());
    }

    @Test
    void plaintextIsTheOpenBrokerOfBefore() {
        Map<String, String> properties =
                SingleNodeServerProperties.of(PORTS, dir, BrokerSecurity.plaintext(), Map.of());

        assertThat(properties)
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093")
                .containsEntry("inter.broker.listener.name", "PLAINTEXT")
                .doesNotContainKeys("authorizer.class.name", "ssl.keystore.location", "super.users");
        assertThat(BrokerSecurity.plaintext().formatArguments()).isEmpty();
    }

    @Test
    void saslSslClientListenerWithInternalListenersOnMutualTls() {
        BrokerSecurity security = BrokerSecurity.saslSsl(brokerStores)
                .withSuperUser("admin")
                .withScramUser("admin", "admin-secret")
                .withScramUser("ingest", "ingest-secret");

        Map<String, String> properties = SingleNodeServerProperties.of(PORTS, dir, security, Map.of());

        assertThat(properties)
                .containsEntry(
                        "listeners", "CLIENT://127.0.0.1:9092,INTERNAL://127.0.0.1:9094,CONTROLLER://127.0.0.1:9093")
                .containsEntry("advertised.listeners", "CLIENT://127.0.0.1:9092,INTERNAL://127.0.0.1:9094")
                .containsEntry("listener.security.protocol.map", "CLIENT:SASL_SSL,INTERNAL:SSL,CONTROLLER:SSL")
                .containsEntry("inter.broker.listener.name", "INTERNAL")
                .containsEntry("ssl.client.auth", "required")
                .containsEntry("listener.name.client.ssl.client.auth", "none")
                .containsEntry("listener.name.client.sasl.enabled.mechanisms", "SCRAM-SHA-512")
                .containsEntry(
                        "listener.name.client.scram-sha-512.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;")
                .containsEntry("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .containsEntry("allow.everyone.if.no.acl.found", "false")
                .containsEntry("super.users", "User:kafka-1;User:admin")
                .containsEntry("ssl.principal.mapping.rules", "RULE:^CN=([^,]+)(,.*)?$/$1/,DEFAULT");
        assertThat(security.formatArguments())
                .containsExactly(
                        "--add-scram",
                        "SCRAM-SHA-512=[name=admin,password=admin-secret]",
                        "--add-scram",
                        "SCRAM-SHA-512=[name=ingest,password=ingest-secret]");
        assertThat(security.toString()).doesNotContain("secret");
    }

    @Test
    void mutualTlsRequiresClientCertificatesOnTheClientListener() {
        Map<String, String> properties =
                SingleNodeServerProperties.of(PORTS, dir, BrokerSecurity.mutualTls(brokerStores), Map.of());

        assertThat(properties)
                .containsEntry("listener.security.protocol.map", "CLIENT:SSL,INTERNAL:SSL,CONTROLLER:SSL")
                .containsEntry("listener.name.client.ssl.client.auth", "required")
                .containsEntry("super.users", "User:kafka-1")
                .doesNotContainKey("listener.name.client.sasl.enabled.mechanisms");
    }

    @Test
    void refusesWhatCannotWork() {
        assertThatThrownBy(() -> BrokerSecurity.mutualTls(brokerStores).withScramUser("a", "b"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> BrokerSecurity.plaintext().withSuperUser("admin"))
                .isInstanceOf(IllegalStateException.class);
        // The format tool's syntax has no escaping for these.
        assertThatThrownBy(() -> BrokerSecurity.saslSsl(brokerStores).withScramUser("a", "p,w]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("p,w]");
    }
}
