package org.sleepdelta.schemas.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class MasterKeysTest {
    private static final String CLIENT = "clinic-a/c0001";

    @Test
    void theFirstEntryIsCurrentAndEveryEntryUnwraps() {
        String old = MasterKeys.generateEntry("2026-01");
        MasterKeys before = MasterKeys.parse(old);
        DataKey key = DataKey.generate();
        ProducerRecord<String, byte[]> stored =
                ClientKeyRecords.onPipelineTopic().record(CLIENT, key, before);

        // Rotation: a new current key in front, the old one kept after it.
        MasterKeys after = MasterKeys.parse(MasterKeys.generateEntry("2026-07") + "\n# old\n" + old);

        assertThat(after.current().id()).isEqualTo("2026-07");
        assertThat(ClientKeyRecords.masterKeyId(stored.value())).contains("2026-01");
        DataKey unwrapped = ClientKeyRecords.unwrap(stored.key(), stored.value(), after);
        assertThat(unwrapped.id()).isEqualTo(key.id());
        byte[] sealed = PayloadEnvelope.seal(key, CLIENT, new byte[] {1, 2, 3});
        assertThat(new PayloadDecryptor((c, id) -> java.util.Optional.of(unwrapped))
                        .open(CLIENT, sealed)
                        .payload())
                .containsExactly(1, 2, 3);
        // New keys are wrapped under the new current key.
        assertThat(ClientKeyRecords.masterKeyId(ClientKeyRecords.onPipelineTopic()
                        .record(CLIENT, DataKey.generate(), after)
                        .value()))
                .contains("2026-07");
    }

    @Test
    void aDataKeyWrappedUnderAnUnknownMasterKeyNamesItsId() {
        ProducerRecord<String, byte[]> stored = ClientKeyRecords.onPipelineTopic()
                .record(CLIENT, DataKey.generate(), MasterKeys.parse(MasterKeys.generateEntry("gone")));

        assertThatThrownBy(() -> ClientKeyRecords.unwrap(
                        stored.key(), stored.value(), MasterKeys.parse(MasterKeys.generateEntry("new"))))
                .hasMessageContaining("'gone'");
    }

    @Test
    void aWrappedKeyMovedUnderAnotherClientDoesNotOpen() {
        MasterKeys keys = MasterKeys.parse(MasterKeys.generateEntry("m1"));
        DataKey key = DataKey.generate();
        ProducerRecord<String, byte[]> stored =
                ClientKeyRecords.onPipelineTopic().record(CLIENT, key, keys);

        assertThatThrownBy(() -> ClientKeyRecords.unwrap(
                        ClientKeyRecords.recordKey("clinic-a/c0002", key.id()), stored.value(), keys))
                .hasMessageContaining("does not open");
    }

    @Test
    void errorsNameTheEntryAndNeverTheKey() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> MasterKeys.parse("m1=" + shortKey))
                .hasMessageContaining("entry 1 (id 'm1')")
                .hasMessageContaining("32 bytes")
                .hasMessageNotContaining(shortKey);
        assertThatThrownBy(() -> MasterKeys.parse(MasterKeys.generateEntry("m1") + ",m2=not*base64"))
                .hasMessageContaining("entry 2 (id 'm2'): the key is not base64")
                .hasMessageNotContaining("not*base64");
        String entry = MasterKeys.generateEntry("m1");
        assertThatThrownBy(() -> MasterKeys.parse(entry + "," + entry))
                .hasMessageContaining("'m1' is given more than once")
                .hasMessageNotContaining(entry.substring(3));
        assertThatThrownBy(() -> MasterKeys.parse("# nothing")).hasMessageContaining("no master key");
        assertThat(MasterKeys.parse(entry).toString()).doesNotContain(entry.substring(3));
    }

    @Test
    void recordKeysHaveTheLayoutTheErasureReliesOn() {
        DataKey key = DataKey.generate();
        String recordKey = ClientKeyRecords.recordKey(CLIENT, key.id());

        assertThat(recordKey).startsWith(CLIENT + "/").matches(".*/[0-9a-f]{16}");
        assertThat(ClientKeyRecords.clientOf(recordKey)).contains(CLIENT);
    }
}
