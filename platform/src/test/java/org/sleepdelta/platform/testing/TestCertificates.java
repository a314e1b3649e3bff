package org.sleepdelta.platform.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates made at test time, so that no private key is ever committed: a CA, and server certificates it signs,
 * as PKCS#12 keystores and as PEM files. Made with the JDK's {@code keytool} (BouncyCastle's certificate builder is
 * not among the build's dependencies), EC P-256 keys, valid for two days.
 *
 * <p>Named so that it can give way to the general {@code TestCertificates} of the embedded-broker test-jar once that
 * exists; only {@link #authority}, {@link Authority#issue} and the records' accessors are used.
 *
 * <pre>{@code
 * TestCertificates.Authority ca = TestCertificates.authority(dir.resolve("ca"), "test CA");
 * TestCertificates.Issued server = ca.issue(dir.resolve("server"), "localhost", "dns:localhost", "ip:127.0.0.1");
 * ... server.pkcs12(), server.password(), server.certificatePem(), server.privateKeyPem(), ca.sslContext() ...
 * }</pre>
 */
public final class TestCertificates {
    /** The password of every keystore made here. */
    public static final String PASSWORD = "test-only-password";

    private TestCertificates() {}

    /**
     * A certificate authority.
     *
     * @param certificatePem its certificate, PEM: the CA file clients trust
     */
    public record Authority(Path dir, Path pkcs12, X509Certificate certificate, Path certificatePem) {
        /**
         * A server certificate signed by this CA, with a fresh key and a random serial.
         *
         * @param subjectAltNames keytool's form: {@code dns:localhost}, {@code ip:127.0.0.1}
         */
        public Issued issue(Path outDir, String commonName, String... subjectAltNames) {
            try {
                Files.createDirectories(outDir);
                Path store = outDir.resolve("server.p12");
                Path csr = outDir.resolve("server.csr");
                Path signed = outDir.resolve("server-signed.pem");
                Files.deleteIfExists(store);
                keytool(keyPair("server", commonName, store));
                keytool(List.of(
                        "-certreq",
                        "-alias",
                        "server",
                        "-keystore",
                        store.toString(),
                        "-storepass",
                        PASSWORD,
                        "-file",
                        csr.toString()));
                List<String> gencert = new ArrayList<>(List.of(
                        "-gencert",
                        "-alias",
                        "ca",
                        "-keystore",
                        pkcs12.toString(),
                        "-storepass",
                        PASSWORD,
                        "-infile",
                        csr.toString(),
                        "-outfile",
                        signed.toString(),
                        "-rfc",
                        "-validity",
                        "2",
                        "-ext",
                        "KU:c=digitalSignature,keyAgreement",
                        "-ext",
                        "EKU=serverAuth"));
                if (subjectAltNames.length > 0) {
                    gencert.add("-ext");
                    gencert.add("SAN=" + String.join(",", subjectAltNames));
                }
                keytool(gencert);
                X509Certificate leaf;
                try (InputStream in = Files.newInputStream(signed)) {
                    leaf = (X509Certificate)
                            CertificateFactory.getInstance("X.509").generateCertificate(in);
                }
                KeyStore keyStore = load(store);
                PrivateKey key = (PrivateKey) keyStore.getKey("server", PASSWORD.toCharArray());
                Certificate[] chain = {leaf, certificate};
                keyStore.setKeyEntry("server", key, PASSWORD.toCharArray(), chain);
                try (OutputStream out = Files.newOutputStream(store)) {
                    keyStore.store(out, PASSWORD.toCharArray());
                }
                Files.delete(csr);
                Files.delete(signed);

                Path chainPem = outDir.resolve("server.crt");
                Files.writeString(
                        chainPem, pem("CERTIFICATE", leaf.getEncoded()) + pem("CERTIFICATE", certificate.getEncoded()));
                Path keyPem = outDir.resolve("server.key");
                Files.deleteIfExists(keyPem);
                Files.createFile(
                        keyPem, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()));
                return new Issued(store, PASSWORD, leaf, chainPem, keyPem);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        /** A client TLS context that trusts this CA only. */
        public SSLContext sslContext() {
            try {
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                trust.setCertificateEntry("ca", certificate);
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, tmf.getTrustManagers(), null);
                return context;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * A server certificate and its key.
     *
     * @param pkcs12         keystore with the key and the chain (alias {@code server}), password {@link #PASSWORD}
     * @param certificatePem the chain, leaf first, PEM
     * @param privateKeyPem  the key, unencrypted PKCS#8 PEM, readable by its owner only
     */
    public record Issued(
            Path pkcs12, String password, X509Certificate certificate, Path certificatePem, Path privateKeyPem) {}

    /** A new CA in {@code dir}. */
    public static Authority authority(Path dir, String commonName) {
        try {
            Files.createDirectories(dir);
            Path store = dir.resolve("ca.p12");
            Path pem = dir.resolve("ca.crt");
            Files.deleteIfExists(store);
            List<String> args = new ArrayList<>(keyPair("ca", commonName, store));
            args.addAll(List.of("-ext", "bc:c", "-ext", "KU:c=keyCertSign,cRLSign"));
            keytool(args);
            X509Certificate certificate = (X509Certificate) load(store).getCertificate("ca");
            Files.writeString(pem, pem("CERTIFICATE", certificate.getEncoded()));
            return new Authority(dir, store, certificate, pem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> keyPair(String alias, String commonName, Path store) {
        return List.of(
                "-genkeypair",
                "-alias",
                alias,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=" + commonName,
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD);
    }

    private static KeyStore load(Path store) throws IOException, GeneralSecurityException {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, PASSWORD.toCharArray());
        }
        return keyStore;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void keytool(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        // a short-lived JVM: the client compiler and one GC thread start it fastest
        command.addAll(List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC", "-J-Xshare:auto"));
        command.addAll(args);
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        "keytool " + args.get(0) + " failed: " + new String(output, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
