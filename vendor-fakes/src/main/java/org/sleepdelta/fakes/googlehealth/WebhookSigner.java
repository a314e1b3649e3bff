package org.sleepdelta.fakes.googlehealth;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * Signs notifications as the Google Health API documents it: an ECDSA (NIST P-256) signature of the JSON payload in
 * the {@code X-HEALTHAPI-SIGNATURE} header. Google's key and its exact wire format (Tink's, with a key-id prefix, in
 * open-source clients) are not published in the reference; the fake signs with its own key, SHA256withECDSA, DER,
 * base64.
 */
final class WebhookSigner {
    private final KeyPair keys;
    private final KeyPair forger;

    WebhookSigner() {
        keys = generate();
        forger = generate();
    }

    PublicKey publicKey() {
        return keys.getPublic();
    }

    String sign(byte[] body) {
        return sign(keys.getPrivate(), body);
    }

    /** A well-formed signature by another key. */
    String forge(byte[] body) {
        return sign(forger.getPrivate(), body);
    }

    private static String sign(PrivateKey key, byte[] body) {
        try {
            Signature signature = Signature.getInstance("SHA256withECDSA");
            signature.initSign(key);
            signature.update(body);
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
