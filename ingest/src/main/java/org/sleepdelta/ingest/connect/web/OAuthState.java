package org.sleepdelta.ingest.connect.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.sleepdelta.schemas.crypto.MasterKeys;
import org.sleepdelta.schemas.json.StrictJson;

/**
 * The OAuth {@code state} of a connection link: who is being connected to which vendor, and the PKCE verifier,
 * sealed with AES-GCM under a key derived from the master key ({@link MasterKeys#derive}, purpose {@value #PURPOSE})
 * and expiring. The callback needs no storage of its own, the browser sees only ciphertext, and a state altered,
 * expired or made with a key we no longer know opens to nothing. Every known master key is tried, so links handed out
 * before a rotation still work.
 */
public final class OAuthState {
    static final String PURPOSE = "oauth-state";
    private static final byte[] AAD = "sleepdelta oauth state v1".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * What a link binds.
     *
     * @param timezone the zone the clinic gave for the client, null if none
     * @param verifier the PKCE code verifier
     */
    public record Contents(
            String clinicId, String clientId, String vendor, String timezone, String verifier, Instant expiresAt) {
        public Contents {
            Objects.requireNonNull(clinicId, "clinicId");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(vendor, "vendor");
            Objects.requireNonNull(verifier, "verifier");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }

        @Override
        public String toString() {
            return "OAuthState.Contents[" + vendor + ", expires " + expiresAt + "]";
        }
    }

    /** Why a state was not accepted; the reason is fixed text, never from the state. */
    public static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String reason) {
            super(reason, null, false, false);
        }
    }

    private final MasterKeys masterKeys;
    private final Clock clock;
    private final Duration ttl;

    public OAuthState(MasterKeys masterKeys, Clock clock, Duration ttl) {
        this.masterKeys = masterKeys;
        this.clock = clock;
        this.ttl = ttl;
    }

    /** A state for this link, expiring {@code ttl} from now. */
    public Sealed seal(String clinicId, String clientId, String vendor, String timezone, String verifier) {
        Instant expiresAt = clock.instant().plus(ttl);
        ObjectNode json = StrictJson.mapper().createObjectNode();
        json.put("c", clinicId);
        json.put("u", clientId);
        json.put("v", vendor);
        if (timezone != null) {
            json.put("z", timezone);
        }
        json.put("p", verifier);
        json.put("e", expiresAt.getEpochSecond());
        byte[] plaintext;
        try {
            plaintext = StrictJson.mapper().writeValueAsBytes(json);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, masterKeys.derive(PURPOSE), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(AAD);
            byte[] sealed = cipher.doFinal(plaintext);
            byte[] out = ByteBuffer.allocate(NONCE_BYTES + sealed.length)
                    .put(nonce)
                    .put(sealed)
                    .array();
            return new Sealed(Base64.getUrlEncoder().withoutPadding().encodeToString(out), expiresAt);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** A sealed state and when it stops opening. */
    public record Sealed(String state, Instant expiresAt) {}

    /**
     * What a state binds, if it is ours and still valid.
     *
     * @throws Invalid when the state is not one of ours (malformed, altered, or sealed under a master key no longer
     *     known) or has expired
     */
    public Contents open(String state) throws Invalid {
        if (state == null || state.isEmpty() || state.length() > 4096) {
            throw new Invalid("missing or oversized state");
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(state);
        } catch (IllegalArgumentException e) {
            throw new Invalid("state is not base64url");
        }
        if (bytes.length <= NONCE_BYTES + TAG_BITS / 8) {
            throw new Invalid("state is too short");
        }
        byte[] plaintext = decrypt(bytes, masterKeys.deriveAll(PURPOSE));
        Contents contents;
        try {
            JsonNode json = StrictJson.mapper().readTree(plaintext);
            contents = new Contents(
                    json.get("c").asText(),
                    json.get("u").asText(),
                    json.get("v").asText(),
                    json.hasNonNull("z") ? json.get("z").asText() : null,
                    json.get("p").asText(),
                    Instant.ofEpochSecond(json.get("e").asLong()));
        } catch (IOException | RuntimeException e) {
            // Authentic but unreadable: only a version of ours that wrote another shape could do this.
            throw new Invalid("state content is not readable");
        }
        if (!clock.instant().isBefore(contents.expiresAt())) {
            throw new Invalid("state has expired");
        }
        return contents;
    }

    private static byte[] decrypt(byte[] bytes, List<SecretKey> keys) throws Invalid {
        for (SecretKey key : keys) {
            try {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
                cipher.updateAAD(AAD);
                return cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
            } catch (AEADBadTagException notThisKey) {
                // try the next master key
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM decryption failed", e);
            }
        }
        throw new Invalid("state does not open: altered, or sealed under an unknown master key");
    }
}
