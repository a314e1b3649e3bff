package org.sleepdelta.schemas.crypto;

import java.util.Optional;
import javax.crypto.AEADBadTagException;

/**
 * Turns a record value into the bytes to decode: plaintext (old records, tests) passes through, an envelope is opened
 * with its client's data key. The outcome says which, and why nothing came out.
 */
public final class PayloadDecryptor {
    /** What became of a value. */
    public enum Outcome {
        /** Not an envelope: the value itself. */
        PLAIN,
        DECRYPTED,
        /** The data key does not exist (any more): the client was erased, or never had that key. */
        NO_KEY,
        /** An envelope that does not open with its key: altered, moved under another record key, or of a newer version. */
        REFUSED
    }

    /** @param payload the bytes to decode, or null for NO_KEY and REFUSED */
    public record Opened(Outcome outcome, byte[] payload, String detail) {}

    private static final PayloadDecryptor PLAINTEXT_ONLY = new PayloadDecryptor(null);

    private final DataKeyLookup keys;

    public PayloadDecryptor(DataKeyLookup keys) {
        this.keys = keys;
    }

    /**
     * Passes plaintext through and refuses every envelope, for a consumer without master keys: an envelope there is a
     * configuration error to be seen (a rejection), not an erased client to be dropped quietly.
     */
    public static PayloadDecryptor plaintextOnly() {
        return PLAINTEXT_ONLY;
    }

    /** @param recordKey the record's key, {@code clinicId/clientId}, as it was sealed under */
    public Opened open(String recordKey, byte[] value) {
        if (!PayloadEnvelope.isSealed(value)) {
            return new Opened(Outcome.PLAIN, value, null);
        }
        String keyId;
        try {
            keyId = PayloadEnvelope.keyId(value);
        } catch (IllegalArgumentException e) {
            return new Opened(Outcome.REFUSED, null, e.getMessage());
        }
        if (keys == null) {
            return new Opened(Outcome.REFUSED, null, "an encrypted payload, but no master keys are configured");
        }
        if (recordKey == null) {
            return new Opened(Outcome.REFUSED, null, "an encrypted payload without a record key");
        }
        Optional<DataKey> key = keys.find(recordKey, keyId);
        if (key.isEmpty()) {
            return new Opened(Outcome.NO_KEY, null, "no data key " + keyId + " for the record's client");
        }
        try {
            return new Opened(Outcome.DECRYPTED, PayloadEnvelope.open(key.get(), recordKey, value), null);
        } catch (AEADBadTagException e) {
            return new Opened(
                    Outcome.REFUSED, null, "encrypted payload does not open: altered or under another record key");
        }
    }
}
