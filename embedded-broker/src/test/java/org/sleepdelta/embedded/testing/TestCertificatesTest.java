package org.sleepdelta.embedded.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCertificatesTest {

    @TempDir
    Path dir;

    @Test
    void issuedCertificateIsSignedByTheCaAndNamesItsHosts() throws Exception {
        TestCertificates certificates = TestCertificates.create(dir);

        TestCertificates.Issued server = certificates.issue("broker", "localhost", "127.0.0.1", "::1");

        X509Certificate certificate = server.certificate();
        certificate.verify(certificates.caCertificate().getPublicKey());
        certificate.checkValidity();
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=broker");
        assertThat(certificate.getIssuerX500Principal())
                .isEqualTo(certificates.caCertificate().getSubjectX500Principal());
        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
        assertThat(certificates.caCertificate().getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
        assertThat(certificate.getSubjectAlternativeNames())
                .containsExactlyInAnyOrder(
                        List.of(2, "localhost"), List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"));
    }

    @Test
    void keystoreTruststoreAndPemFilesAreUsable() throws Exception {
        TestCertificates certificates = TestCertificates.create(dir);
        TestCertificates.Issued client = certificates.issue("sink");

        KeyStore keystore = load(client.keystore(), client.password());
        assertThat(keystore.getKey("sink", client.password().toCharArray())).isNotNull();
        assertThat(keystore.getCertificateChain("sink")).hasSize(2);
        KeyStore truststore = load(certificates.truststore(), certificates.truststorePassword());
        assertThat(truststore.getCertificate("ca")).isEqualTo(certificates.caCertificate());
        assertThat(Files.readString(client.certificatePem())).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(Files.readString(client.privateKeyPem())).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(certificates.caCertificatePem())).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(client.toString()).doesNotContain(client.password());
    }

    @Test
    void mutualTlsHandshakeWithHostnameVerification() throws Exception {
        TestCertificates certificates = TestCertificates.create(dir);
        TestCertificates.Issued server = certificates.issue("server", "127.0.0.1");
        TestCertificates.Issued client = certificates.issue("client");
        SSLContext serverContext = context(server, certificates);
        SSLContext clientContext = context(client, certificates);

        try (SSLServerSocket listening = (SSLServerSocket)
                serverContext.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            listening.setNeedClientAuth(true);
            CompletableFuture<String> peer = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) listening.accept()) {
                    accepted.startHandshake();
                    String name = accepted.getSession().getPeerPrincipal().getName();
                    try (OutputStream out = accepted.getOutputStream()) {
                        out.write(1);
                    }
                    return name;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (SSLSocket socket =
                    (SSLSocket) clientContext.getSocketFactory().createSocket("127.0.0.1", listening.getLocalPort())) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS"); // checks the SAN 127.0.0.1
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                assertThat(socket.getInputStream().read()).isEqualTo(1);
            }
            assertThat(peer.get(10, TimeUnit.SECONDS)).isEqualTo("CN=client");
        }
    }

    @Test
    void refusesOddOrRepeatedNames() {
        TestCertificates certificates = TestCertificates.create(dir);
        certificates.issue("ingest");

        assertThatThrownBy(() -> certificates.issue("ingest")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> certificates.issue("CN=x,O=y")).isInstanceOf(IllegalArgumentException.class);
    }

    private static SSLContext context(TestCertificates.Issued own, TestCertificates certificates) throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(own.keystore(), own.password()), own.password().toCharArray());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(certificates.truststore(), certificates.truststorePassword()));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    private static KeyStore load(Path file, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }
}
