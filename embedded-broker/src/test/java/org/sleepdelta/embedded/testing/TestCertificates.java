package org.sleepdelta.embedded.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A throw-away certificate authority for tests: certificates are made at test time, in a directory the test owns, so
 * no private key is ever committed.
 *
 * <pre>{@code
 * TestCertificates certificates = TestCertificates.create(tempDir);
 * TestCertificates.Issued server = certificates.issue("broker", "localhost", "127.0.0.1");
 * TestCertificates.Issued client = certificates.issue("ingest");
 * // server.keystore() + server.password(): a PKCS#12 keystore with the key and its chain (certificate, CA)
 * // server.certificatePem() + server.privateKeyPem(): the same as PEM files (e.g. for PostgreSQL's ssl_cert_file)
 * // certificates.truststore() + certificates.truststorePassword(), or certificates.caCertificatePem(): the CA
 * }</pre>
 *
 * <p>Keys are EC P-256 and certificates are signed with SHA256withECDSA; both are quick to make (a handful of
 * milliseconds each) and accepted by the JDK's TLS, Kafka, Jetty and OpenSSL. The subject is {@code CN=<commonName>}
 * only. Subject alternative names are IP addresses when they parse as IP literals and DNS names otherwise; a server
 * certificate needs the names clients connect to ({@code 127.0.0.1}, {@code localhost}) because clients verify
 * them. Certificates are valid from an hour ago for 30 days. Only the JDK is used: a consumer of the test-jar needs
 * no extra dependency.
 */
public final class TestCertificates {

    /**
     * One issued certificate, in both forms most servers and clients read.
     *
     * @param keystore PKCS#12 with one key entry (alias {@code commonName}) holding the key and its chain
     * @param password the keystore's password, which is also the key's password
     * @param certificatePem the certificate followed by the CA's certificate (a full chain), PEM
     * @param privateKeyPem the private key as unencrypted PKCS#8 PEM ({@code BEGIN PRIVATE KEY}), readable by its
     *     owner only where the file system supports that
     */
    public record Issued(
            String commonName,
            Path keystore,
            String password,
            Path certificatePem,
            Path privateKeyPem,
            X509Certificate certificate) {

        @Override
        public String toString() {
            // No password in test output.
            return "Issued[CN=" + commonName + ", keystore=" + keystore + "]";
        }
    }

    private static final Pattern COMMON_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|.*:.*");
    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
    private static final Duration VALIDITY = Duration.ofDays(30);

    private final Path dir;
    private final KeyPair caKeys;
    private final X509Certificate caCertificate;
    private final Path truststore;
    private final String truststorePassword;
    private final Path caCertificatePem;
    private final SecureRandom random = new SecureRandom();

    private TestCertificates(Path dir, KeyPair caKeys, X509Certificate caCertificate)
            throws IOException, GeneralSecurityException {
        this.dir = dir;
        this.caKeys = caKeys;
        this.caCertificate = caCertificate;
        this.truststorePassword = newPassword();
        this.truststore = dir.resolve("truststore.p12");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", caCertificate);
        store(trust, truststore, truststorePassword);
        this.caCertificatePem = dir.resolve("ca.pem");
        Files.writeString(caCertificatePem, pem("CERTIFICATE", caCertificate.getEncoded()), StandardCharsets.US_ASCII);
    }

    /** Creates a new CA ({@code CN=sleepdelta test CA}) and its truststore in {@code dir}, created if missing. */
    public static TestCertificates create(Path dir) {
        try {
            Files.createDirectories(dir);
            KeyPair caKeys = newKeyPair();
            byte[] name = name("sleepdelta test CA");
            X509Certificate ca = sign(
                    name,
                    name,
                    caKeys,
                    caKeys.getPrivate(),
                    List.of(
                            extension("2.5.29.19", true, Der.sequence(Der.bool(true))), // basicConstraints: CA
                            // keyUsage: keyCertSign, cRLSign
                            extension("2.5.29.15", true, Der.bitString(new byte[] {0x06}, 1)),
                            extension("2.5.29.14", false, Der.octetString(keyId(caKeys)))));
            return new TestCertificates(dir.toAbsolutePath(), caKeys, ca);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write test certificates to " + dir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not create a test CA", e);
        }
    }

    /**
     * Issues a certificate for {@code CN=commonName}, signed by this CA, usable by a TLS server and a TLS client.
     *
     * @param subjectAlternativeNames host names and IP literals a server is reached by; none for a pure client
     * @throws IllegalArgumentException if {@code commonName} is not a plain name (letters, digits, {@code ._-}), or
     *     was issued already by this CA
     */
    public Issued issue(String commonName, String... subjectAlternativeNames) {
        Objects.requireNonNull(commonName, "commonName");
        if (!COMMON_NAME.matcher(commonName).matches()) {
            throw new IllegalArgumentException("common name must be letters, digits, '.', '_' or '-': " + commonName);
        }
        Path keystore = dir.resolve(commonName + ".p12");
        if (Files.exists(keystore)) {
            throw new IllegalArgumentException("a certificate for " + commonName + " was issued already in " + dir);
        }
        try {
            KeyPair keys = newKeyPair();
            List<byte[]> extensions = new ArrayList<>();
            extensions.add(extension("2.5.29.19", true, Der.sequence())); // basicConstraints: not a CA
            // keyUsage: digitalSignature (what ECDHE-ECDSA and TLS 1.3 use)
            extensions.add(extension("2.5.29.15", true, Der.bitString(new byte[] {(byte) 0x80}, 7)));
            extensions.add(extension("2.5.29.14", false, Der.octetString(keyId(keys))));
            // authorityKeyIdentifier: [0] keyIdentifier
            extensions.add(extension("2.5.29.35", false, Der.sequence(Der.implicitPrimitive(0, keyId(caKeys)))));
            if (subjectAlternativeNames.length > 0) {
                extensions.add(extension("2.5.29.17", false, generalNames(subjectAlternativeNames)));
            }
            X509Certificate certificate =
                    sign(name(commonName), name(subjectOf(caCertificate)), keys, caKeys.getPrivate(), extensions);

            String password = newPassword();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(
                    commonName, keys.getPrivate(), password.toCharArray(), new Certificate[] {certificate, caCertificate
                    });
            store(store, keystore, password);

            Path certificatePem = dir.resolve(commonName + ".crt.pem");
            Files.writeString(
                    certificatePem,
                    pem("CERTIFICATE", certificate.getEncoded()) + pem("CERTIFICATE", caCertificate.getEncoded()),
                    StandardCharsets.US_ASCII);
            Path privateKeyPem = dir.resolve(commonName + ".key.pem");
            writeOwnerOnly(privateKeyPem, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
            return new Issued(commonName, keystore, password, certificatePem, privateKeyPem, certificate);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the certificate for " + commonName + " to " + dir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not issue a certificate for " + commonName, e);
        }
    }

    /** PKCS#12, with the CA's certificate as its one trusted entry. */
    public Path truststore() {
        return truststore;
    }

    public String truststorePassword() {
        return truststorePassword;
    }

    /** The CA's certificate as PEM, for tools that take a CA file (e.g. PostgreSQL's {@code sslrootcert}). */
    public Path caCertificatePem() {
        return caCertificatePem;
    }

    public X509Certificate caCertificate() {
        return caCertificate;
    }

    public Path directory() {
        return dir;
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(
            byte[] subject, byte[] issuer, KeyPair subjectKeys, PrivateKey issuerKey, List<byte[]> extensions)
            throws GeneralSecurityException {
        Instant now = Instant.now();
        byte[] algorithm = Der.sequence(Der.oid(ECDSA_WITH_SHA256));
        byte[] tbs = Der.sequence(
                Der.explicit(0, Der.integer(BigInteger.valueOf(2))), // v3
                Der.integer(new BigInteger(64, new SecureRandom()).setBit(63)), // positive, 8 bytes
                algorithm,
                issuer,
                Der.sequence(Der.utcTime(now.minus(Duration.ofHours(1))), Der.utcTime(now.plus(VALIDITY))),
                subject,
                subjectKeys.getPublic().getEncoded(), // SubjectPublicKeyInfo, DER already
                Der.explicit(3, Der.sequence(extensions.toArray(byte[][]::new))));
        Signature signature = Signature.getInstance(SIGNATURE_ALGORITHM);
        signature.initSign(issuerKey);
        signature.update(tbs);
        byte[] certificate = Der.sequence(tbs, algorithm, Der.bitString(signature.sign()));
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(certificate));
    }

    private static byte[] name(String commonName) {
        return Der.sequence(Der.set(Der.sequence(Der.oid("2.5.4.3"), Der.utf8String(commonName))));
    }

    private static String subjectOf(X509Certificate certificate) {
        // Only ever our own CA, whose subject is exactly CN=<name>.
        return certificate.getSubjectX500Principal().getName().substring("CN=".length());
    }

    private static byte[] extension(String oid, boolean critical, byte[] value) {
        return critical
                ? Der.sequence(Der.oid(oid), Der.bool(true), Der.octetString(value))
                : Der.sequence(Der.oid(oid), Der.octetString(value));
    }

    private static byte[] generalNames(String... names) throws UnknownHostException {
        List<byte[]> encoded = new ArrayList<>();
        for (String name : names) {
            if (IP_LITERAL.matcher(name).matches()) {
                // getByName on a literal parses it and never resolves anything.
                encoded.add(Der.implicitPrimitive(7, InetAddress.getByName(name).getAddress())); // iPAddress
            } else {
                encoded.add(Der.implicitPrimitive(2, name.getBytes(StandardCharsets.US_ASCII))); // dNSName
            }
        }
        return Der.sequence(encoded.toArray(byte[][]::new));
    }

    private static byte[] keyId(KeyPair keys) throws GeneralSecurityException {
        byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(keys.getPublic().getEncoded());
        return java.util.Arrays.copyOf(sha1, 20);
    }

    private String newPassword() {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void store(KeyStore store, Path file, String password) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void writeOwnerOnly(Path file, String content) throws IOException {
        Files.writeString(file, "", StandardCharsets.US_ASCII);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the temporary directory is the user's own.
        }
        Files.writeString(file, content, StandardCharsets.US_ASCII);
    }
}
