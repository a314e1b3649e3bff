package org.sleepdelta.ingest.tls;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the ingest API's TLS certificate and key come from: a PKCS#12 keystore with its password, or a PEM certificate
 * chain with a PEM (unencrypted PKCS#8) private key. The files are checked every {@code reloadInterval} and a changed
 * certificate is served without a restart.
 *
 * @param keystore         PKCS#12 keystore, or null with PEM files
 * @param keystorePassword its password (secret), or null with PEM files
 * @param certificate      PEM certificate chain, leaf first, or null with a keystore
 * @param privateKey       PEM private key ({@code BEGIN PRIVATE KEY}), or null with a keystore
 */
public record TlsSettings(
        Path keystore, String keystorePassword, Path certificate, Path privateKey, Duration reloadInterval) {
    public TlsSettings {
        if (keystore != null && (certificate != null || privateKey != null)) {
            throw new IllegalArgumentException(
                    "tls-keystore and tls-certificate/tls-private-key exclude each other: set one or the other");
        }
        if (keystore != null && keystorePassword == null) {
            throw new IllegalArgumentException("tls-keystore needs tls-keystore-password");
        }
        if (keystore == null && keystorePassword != null) {
            throw new IllegalArgumentException("tls-keystore-password is set without tls-keystore");
        }
        if (keystore == null && (certificate == null || privateKey == null)) {
            throw new IllegalArgumentException("TLS with PEM files needs both tls-certificate and tls-private-key");
        }
    }

    @Override
    public String toString() {
        return keystore != null
                ? "TlsSettings[keystore=" + keystore + ", password=<secret>]"
                : "TlsSettings[certificate=" + certificate + ", privateKey=" + privateKey + "]";
    }
}
