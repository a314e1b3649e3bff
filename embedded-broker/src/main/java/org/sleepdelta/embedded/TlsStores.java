package org.sleepdelta.embedded;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A PKCS#12 keystore (one key entry: the key and its certificate chain; the key's password is the store's) and a
 * PKCS#12 truststore of the CA that signed every certificate to be trusted.
 */
public record TlsStores(Path keystore, String keystorePassword, Path truststore, String truststorePassword) {

    public TlsStores {
        Objects.requireNonNull(keystore, "keystore");
        Objects.requireNonNull(keystorePassword, "keystorePassword");
        Objects.requireNonNull(truststore, "truststore");
        Objects.requireNonNull(truststorePassword, "truststorePassword");
        keystore = keystore.toAbsolutePath();
        truststore = truststore.toAbsolutePath();
    }

    @Override
    public String toString() {
        return "TlsStores[keystore=" + keystore + ", truststore=" + truststore + "]";
    }
}
