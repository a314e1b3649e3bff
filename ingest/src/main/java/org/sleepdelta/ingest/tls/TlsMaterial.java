package org.sleepdelta.ingest.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * A server's key and certificate chain, read from the files of {@link TlsSettings} into an in-memory keystore with one
 * key entry. Reading checks what a half-finished rotation would get wrong: exactly one key, a certificate whose public
 * key belongs to that key.
 *
 * @param keyStore    PKCS#12, alias {@link #ALIAS}, key protected by {@link #password}
 * @param fingerprint SHA-256 of the files' bytes, to notice a change
 */
record TlsMaterial(KeyStore keyStore, String password, X509Certificate certificate, String fingerprint) {
    static final String ALIAS = "ingest";

    /** The files' fingerprint, without parsing them: what the watcher compares. */
    static String fingerprint(TlsSettings settings) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path file : files(settings)) {
                digest.update(Files.readAllBytes(file));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static TlsMaterial read(TlsSettings settings) throws IOException, GeneralSecurityException {
        String fingerprint = fingerprint(settings);
        PrivateKey key;
        Certificate[] chain;
        if (settings.keystore() != null) {
            KeyStore file = KeyStore.getInstance("PKCS12");
            char[] password = settings.keystorePassword().toCharArray();
            try (InputStream in = Files.newInputStream(settings.keystore())) {
                file.load(in, password);
            }
            String alias = onlyKeyAlias(file, settings.keystore());
            key = (PrivateKey) file.getKey(alias, password);
            chain = file.getCertificateChain(alias);
        } else {
            key = privateKey(settings.privateKey());
            chain = certificates(settings.certificate());
        }
        if (chain == null || chain.length == 0) {
            throw new GeneralSecurityException("no certificate for the key");
        }
        X509Certificate leaf = (X509Certificate) chain[0];
        leaf.checkValidity();
        checkPair(key, leaf.getPublicKey());
        String password = UUID.randomUUID().toString(); // of the in-memory copy only
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(ALIAS, key, password.toCharArray(), chain);
        return new TlsMaterial(store, password, leaf, fingerprint);
    }

    /** A short description for the log: subject, serial and expiry, never key material. */
    String describe() {
        return certificate.getSubjectX500Principal().getName() + " (serial "
                + certificate.getSerialNumber().toString(16) + ", valid until "
                + certificate.getNotAfter().toInstant()
                + ")";
    }

    private static List<Path> files(TlsSettings settings) {
        return settings.keystore() != null
                ? List.of(settings.keystore())
                : List.of(settings.certificate(), settings.privateKey());
    }

    private static String onlyKeyAlias(KeyStore store, Path file) throws GeneralSecurityException {
        String found = null;
        for (Enumeration<String> aliases = store.aliases(); aliases.hasMoreElements(); ) {
            String alias = aliases.nextElement();
            if (store.isKeyEntry(alias)) {
                if (found != null) {
                    throw new GeneralSecurityException(file + " holds more than one key; keep only the server's");
                }
                found = alias;
            }
        }
        if (found == null) {
            throw new GeneralSecurityException(file + " holds no private key");
        }
        return found;
    }

    private static Certificate[] certificates(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> all =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (all.isEmpty()) {
                throw new GeneralSecurityException(pem + " holds no certificate");
            }
            return all.toArray(Certificate[]::new);
        }
    }

    private static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN PRIVATE KEY-----";
        int start = text.indexOf(begin);
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (start < 0 || end < start) {
            throw new GeneralSecurityException(pem + " holds no unencrypted PKCS#8 key ('BEGIN PRIVATE KEY'); convert "
                    + "it with: openssl pkcs8 -topk8 -nocrypt -in old.key -out " + pem.getFileName());
        }
        byte[] der = Base64.getMimeDecoder().decode(text.substring(start + begin.length(), end));
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        GeneralSecurityException last = null;
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new GeneralSecurityException(pem + ": not an RSA, EC or EdDSA key", last);
    }

    /** Signs and verifies a few bytes: a certificate replaced before its key (or the reverse) fails here. */
    private static void checkPair(PrivateKey key, PublicKey publicKey) throws GeneralSecurityException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm(); // Ed25519, Ed448
        };
        byte[] probe = "sleepdelta".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(publicKey);
        verifier.update(probe);
        if (!verifier.verify(signature)) {
            throw new GeneralSecurityException("the certificate does not belong to the private key");
        }
    }
}
