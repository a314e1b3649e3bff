package org.sleepdelta.schemas.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;

class PayloadEnvelopeTest {
    private static final String CLIENT = "clinic-a/c0001";
    private static final byte[] AVRO = {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

    @Test
    void sealedBytesOpenWithTheirKeyUnderTheirRecordKey() throws Exception {
        DataKey key = DataKey.generate();
        byte[] secret = "c0001 slept 421 minutes".getBytes(StandardCharsets.UTF_8);

        byte[] sealed = PayloadEnvelope.seal(key, CLIENT, secret);

        assertThat(PayloadEnvelope.isSealed(sealed)).isTrue();
        assertThat(PayloadEnvelope.keyId(sealed)).isEqualTo(key.id());
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("c0001", "421");
        assertThat(PayloadEnvelope.open(key, CLIENT, sealed)).isEqualTo(secret);
    }

    @Test
    void eachMessageHasItsOwnNonce() {
        DataKey key = DataKey.generate();
        assertThat(PayloadEnvelope.seal(key, CLIENT, AVRO)).isNotEqualTo(PayloadEnvelope.seal(key, CLIENT, AVRO));
    }

    @Test
    void plainAvroIsNotTakenForAnEnvelope() {
        assertThat(PayloadEnvelope.isSealed(AVRO)).isFalse();
        assertThat(new PayloadDecryptor((c, id) -> Optional.empty()).open(CLIENT, AVRO))
                .satisfies(opened -> {
                    assertThat(opened.outcome()).isEqualTo(PayloadDecryptor.Outcome.PLAIN);
                    assertThat(opened.payload()).isEqualTo(AVRO);
                });
    }

    @Test
    void anyChangedByteIsRefused() {
        DataKey key = DataKey.generate();
        byte[] sealed = PayloadEnvelope.seal(key, CLIENT, AVRO);
        // Past the key id (a changed id is another key, refused too): nonce, ciphertext and tag.
        for (int i = 20; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x01;
            assertThatThrownBy(() -> PayloadEnvelope.open(key, CLIENT, tampered))
                    .as("byte %d changed", i)
                    .isInstanceOf(AEADBadTagException.class);
        }
    }

    @Test
    void anotherClientsKeyOrRecordKeyIsRefused() {
        DataKey key = DataKey.generate();
        byte[] sealed = PayloadEnvelope.seal(key, CLIENT, AVRO);

        assertThatThrownBy(() -> PayloadEnvelope.open(key, "clinic-a/c0002", sealed))
                .isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> PayloadEnvelope.open(DataKey.generate(), CLIENT, sealed))
                .isInstanceOf(AEADBadTagException.class);

        // The decryptor finds the key by the envelope's id, but the ciphertext was moved under another client.
        PayloadDecryptor decryptor = new PayloadDecryptor((client, id) -> Optional.of(key));
        assertThat(decryptor.open("clinic-a/c0002", sealed).outcome()).isEqualTo(PayloadDecryptor.Outcome.REFUSED);
        assertThat(decryptor.open(CLIENT, sealed).outcome()).isEqualTo(PayloadDecryptor.Outcome.DECRYPTED);
    }

    @Test
    void aDestroyedKeyIsNoKey() {
        DataKey key = DataKey.generate();
        byte[] sealed = PayloadEnvelope.seal(key, CLIENT, AVRO);
        Map<String, DataKey> keys = Map.of();

        PayloadDecryptor.Opened opened =
                new PayloadDecryptor((client, id) -> Optional.ofNullable(keys.get(id))).open(CLIENT, sealed);

        assertThat(opened.outcome()).isEqualTo(PayloadDecryptor.Outcome.NO_KEY);
        assertThat(opened.payload()).isNull();
    }
}
