package org.sleepdelta.ingest.auth;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.sleepdelta.avro.Rejection;
import org.sleepdelta.schemas.codec.Codecs;
import org.sleepdelta.schemas.crypto.ClientKeyDirectory;
import org.sleepdelta.schemas.crypto.PayloadDecryptor;

/**
 * Reads back what ingest encrypted with {@link TestMasterKeys}, for tests that check the written records' content:
 * the data keys come from the given client-keys topic.
 */
public final class TestDecryption implements AutoCloseable {
    private final ClientKeyDirectory directory;
    private final PayloadDecryptor decryptor;

    public TestDecryption(String bootstrapServers, String clientKeysTopic) {
        directory = ClientKeyDirectory.open(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                clientKeysTopic,
                TestMasterKeys.KEYS,
                Duration.ofMillis(100),
                Duration.ofSeconds(30));
        decryptor = new PayloadDecryptor(directory);
    }

    /** The plaintext of an input record's value. @throws AssertionError unless it was encrypted and opens */
    public byte[] open(String recordKey, byte[] value) {
        PayloadDecryptor.Opened opened = decryptor.open(recordKey, value);
        if (opened.outcome() != PayloadDecryptor.Outcome.DECRYPTED) {
            throw new AssertionError(
                    "expected an encrypted value that opens, got " + opened.outcome() + " " + opened.detail());
        }
        return opened.payload();
    }

    /** A rejection with its payload decrypted (a keyed rejection's payload is encrypted). */
    public Rejection rejection(String recordKey, byte[] value) {
        Rejection rejection = Codecs.rejection().decode(value);
        if (rejection.getPayload() != null && recordKey != null) {
            byte[] payload = new byte[rejection.getPayload().remaining()];
            rejection.getPayload().duplicate().get(payload);
            rejection.setPayload(ByteBuffer.wrap(open(recordKey, payload)));
        }
        return rejection;
    }

    public ClientKeyDirectory directory() {
        return directory;
    }

    @Override
    public void close() {
        directory.close();
    }
}
