package org.sleepdelta.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sleepdelta.ingest.auth.ApiKeyPepper;
import org.sleepdelta.ingest.auth.ApiKeyTool;
import org.sleepdelta.ingest.auth.TestMasterKeys;
import org.sleepdelta.platform.config.ConfigLoader;
import org.sleepdelta.platform.config.Configuration;
import org.sleepdelta.platform.testing.TestCertificates;

/**
 * Issue 10, item 3: the ingest API over TLS with a certificate made at test time. No broker is needed: the service
 * starts without Kafka, and what is checked here (the handshake, routing, authentication) comes before it.
 */
class IngestTlsTest {
    /** Made once for the class: keytool is slow to start. */
    private static TestCertificates.Authority ca;

    private static TestCertificates.Issued first;
    private static TestCertificates.Issued second;
    private static TestCertificates.Authority otherCa;

    @TempDir
    static Path certificates;

    @TempDir
    Path dir;

    private IngestService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    enum Format {
        PKCS12,
        PEM
    }

    @BeforeAll
    static void makeCertificates() {
        ca = TestCertificates.authority(certificates.resolve("ca"), "sleepdelta test CA");
        first = ca.issue(certificates.resolve("first"), "localhost", "dns:localhost", "ip:127.0.0.1");
        second = ca.issue(certificates.resolve("second"), "localhost", "dns:localhost", "ip:127.0.0.1");
        otherCa = TestCertificates.authority(certificates.resolve("other-ca"), "another CA");
    }

    /** The live files the service reads: copies, so that a test can replace them. */
    private Map<String, String> tlsSettings(Format format, TestCertificates.Issued server) throws IOException {
        Path live = Files.createDirectories(dir.resolve("live"));
        Map<String, String> settings = new HashMap<>();
        if (format == Format.PKCS12) {
            Files.copy(server.pkcs12(), live.resolve("ingest.p12"), StandardCopyOption.REPLACE_EXISTING);
            settings.put("tls-keystore", live.resolve("ingest.p12").toString());
            settings.put("tls-keystore-password", server.password());
        } else {
            Files.copy(server.certificatePem(), live.resolve("tls.crt"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(server.privateKeyPem(), live.resolve("tls.key"), StandardCopyOption.REPLACE_EXISTING);
            settings.put("tls-certificate", live.resolve("tls.crt").toString());
            settings.put("tls-private-key", live.resolve("tls.key").toString());
        }
        return settings;
    }

    /** Replaces the live files the way a rotation does: each one renamed over the old. */
    private void rotate(Format format, TestCertificates.Issued next) throws IOException {
        Path live = dir.resolve("live");
        if (format == Format.PKCS12) {
            replace(next.pkcs12(), live.resolve("ingest.p12"));
        } else {
            replace(next.certificatePem(), live.resolve("tls.crt")); // for a moment the key no longer matches
            replace(next.privateKeyPem(), live.resolve("tls.key"));
        }
    }

    private static void replace(Path from, Path to) throws IOException {
        Path staged =
                Files.copy(from, to.resolveSibling(to.getFileName() + ".new"), StandardCopyOption.REPLACE_EXISTING);
        Files.move(staged, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Configuration config(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>();
        all.put("http-port", "0");
        all.put("bootstrap-servers", "127.0.0.1:1"); // nothing listens: not needed here
        String pepper = "ingest-test-pepper-of-at-least-32-bytes-0";
        all.put("api-key-pepper", pepper);
        all.put("master-keys", TestMasterKeys.TEXT);
        all.put(
                "api-keys",
                ApiKeyTool.create(ApiKeyPepper.of(pepper), "clinic-a", null).keysFileLine());
        all.putAll(settings);
        Map<String, String> environment = new HashMap<>();
        all.forEach((k, v) ->
                environment.put("SLEEPDELTA_" + k.toUpperCase(Locale.ROOT).replace('-', '_'), v));
        return ConfigLoader.of(IngestConfiguration.ALL).environment(environment).load();
    }

    private IngestService start(Map<String, String> settings) {
        service = new IngestService(IngestConfiguration.settings(config(settings)), IngestWiring.production());
        service.start();
        return service;
    }

    private static HttpResponse<String> get(SSLContext tls, String url) throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .sslContext(tls)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        return client.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private X509Certificate presented(SSLContext tls) throws IOException {
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", service.port())) {
            socket.setSoTimeout(5000);
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void aClientTrustingTheCaGetsTheApiOverTlsAndTheOpsEndpointsOnlyOnTheManagementPort(Format format)
            throws Exception {
        Map<String, String> settings = tlsSettings(format, first);
        settings.put("metrics-port", "0");
        start(settings);
        String api = "https://127.0.0.1:" + service.port();

        HttpClient client = HttpClient.newBuilder().sslContext(ca.sslContext()).build();
        HttpResponse<String> unauthenticated = client.send(
                HttpRequest.newBuilder(URI.create(api + "/v1/sleep-records"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"records\":[]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(unauthenticated.statusCode()).as("the API answers over TLS").isEqualTo(401);
        assertThat(unauthenticated.body()).contains("unauthorized");
        assertThat(unauthenticated.sslSession())
                .hasValueSatisfying(session -> assertThat(session.getProtocol()).isIn("TLSv1.3", "TLSv1.2"));
        assertThat(get(ca.sslContext(), api + "/metrics").statusCode())
                .as("/metrics is not on the TLS port")
                .isEqualTo(404);
        assertThat(get(ca.sslContext(), api + "/health/live").statusCode()).isEqualTo(404);
        assertThat(get(ca.sslContext(), api + "/health/ready").statusCode()).isEqualTo(404);
        assertThat(service.metricsPort()).isNotEqualTo(service.port());
        String ops = "http://127.0.0.1:" + service.metricsPort();
        HttpResponse<String> metrics = get(ca.sslContext(), ops + "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("sleepdelta_ingest");
        assertThat(get(ca.sslContext(), ops + "/health/live").statusCode()).isEqualTo(200);
        assertThat(get(ca.sslContext(), ops + "/health/ready").statusCode())
                .as("Kafka is not reachable")
                .isEqualTo(503);
    }

    @Test
    void aClientThatDoesNotTrustTheCaIsRefused() throws Exception {
        Map<String, String> settings = tlsSettings(Format.PKCS12, first);
        settings.put("metrics-port", "0");
        start(settings);

        assertThatThrownBy(() -> presented(otherCa.sslContext())).isInstanceOf(SSLHandshakeException.class);
        assertThatThrownBy(
                        () -> get(SSLContext.getDefault(), "http://127.0.0.1:" + service.port() + "/v1/sleep-records"))
                .as("no plain HTTP on the TLS port")
                .isInstanceOf(IOException.class);
    }

    /**
     * A TLS 1.1 ClientHello, written by hand: the JDK's own client will not even offer 1.1 (it is in the JVM's
     * {@code jdk.tls.disabledAlgorithms}), but a client built on another stack would. The server answers with a fatal
     * {@code protocol_version} alert, never a ServerHello. TLS 1.2 from the JDK's client works.
     */
    @Test
    void onlyTls12AndNewerAreServed() throws Exception {
        Map<String, String> settings = tlsSettings(Format.PKCS12, first);
        settings.put("metrics-port", "0");
        start(settings);

        try (Socket socket = new Socket(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), service.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(clientHello(0x0302));
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] header = new byte[5];
            in.readFully(header);
            assertThat(header[0])
                    .as("record type: alert (21), not handshake (22)")
                    .isEqualTo((byte) 21);
            byte[] alert = new byte[2];
            in.readFully(alert);
            assertThat(alert[0]).as("fatal").isEqualTo((byte) 2);
            assertThat(alert[1]).as("protocol_version").isEqualTo((byte) 70);
        }
        SSLContext tls = ca.sslContext();
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", service.port())) {
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.startHandshake();
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
        }
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void aReplacedCertificateIsServedWithoutARestart(Format format) throws Exception {
        Map<String, String> settings = tlsSettings(format, first);
        settings.put("metrics-port", "0");
        settings.put("tls-reload-interval", "100ms");
        start(settings);
        SSLContext client = ca.sslContext();
        BigInteger before = presented(client).getSerialNumber();

        rotate(format, second);

        assertThat(before).isEqualTo(first.certificate().getSerialNumber());
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(presented(client).getSerialNumber())
                        .isEqualTo(second.certificate().getSerialNumber()));
        assertThat(get(client, "https://127.0.0.1:" + service.port() + "/v1/sleep-records")
                        .statusCode())
                .as("GET on a POST route, answered over the new certificate")
                .isEqualTo(405);
    }

    @Test
    void tlsNeedsAManagementPortAndTheKeystorePasswordIsMasked() throws Exception {
        Map<String, String> settings = tlsSettings(Format.PKCS12, first);

        assertThatThrownBy(() -> IngestConfiguration.settings(config(settings)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("metrics-port");
        settings.remove("tls-keystore-password");
        settings.put("metrics-port", "9091");
        assertThatThrownBy(() -> IngestConfiguration.settings(config(settings)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tls-keystore-password");
        settings.put("tls-keystore-password", "s3cret-keystore-pw");
        String printed = config(settings).describe();
        assertThat(printed).doesNotContain("s3cret-keystore-pw").containsPattern("tls-keystore-password\\s+= <secret>");
        assertThat(IngestConfiguration.settings(config(settings)).tls().toString())
                .doesNotContain("s3cret-keystore-pw");
    }

    @Test
    void withoutTlsSettingsTheApiAndItsOpsEndpointsArePlainHttpOnOnePortAsBefore() throws Exception {
        start(Map.of());

        assertThat(service.metricsPort()).isEqualTo(service.port());
        HttpResponse<String> metrics = get(SSLContext.getDefault(), "http://127.0.0.1:" + service.port() + "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(IngestConfiguration.settings(config(Map.of())).tls()).isNull();
    }

    /** A ClientHello offering only {@code version} (no supported_versions extension), as TLS 1.1 clients send. */
    private static byte[] clientHello(int version) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.write(version >> 8);
        body.write(version);
        body.writeBytes(random);
        body.write(0); // no session id
        body.writeBytes(new byte[] {0, 4, (byte) 0xC0, 0x13, 0x00, 0x2F}); // ECDHE_RSA / RSA with AES_128_CBC_SHA
        body.writeBytes(new byte[] {1, 0}); // no compression
        byte[] hello = body.toByteArray();
        java.io.ByteArrayOutputStream record = new java.io.ByteArrayOutputStream();
        record.writeBytes(new byte[] {22, 3, 1}); // handshake record, TLS 1.0 record version as clients send
        int handshakeLength = hello.length + 4;
        record.write(handshakeLength >> 8);
        record.write(handshakeLength);
        record.write(1); // client_hello
        record.write(0);
        record.write(hello.length >> 8);
        record.write(hello.length);
        record.writeBytes(hello);
        return record.toByteArray();
    }
}
