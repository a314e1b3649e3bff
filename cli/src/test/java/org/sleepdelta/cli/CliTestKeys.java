package org.sleepdelta.cli;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.sleepdelta.avro.Rejection;
import org.sleepdelta.schemas.Topics;
import org.sleepdelta.schemas.codec.Codecs;
import org.sleepdelta.schemas.crypto.ClientKeyDirectory;
import org.sleepdelta.schemas.crypto.MasterKeys;
import org.sleepdelta.schemas.crypto.PayloadDecryptor;

/** The master key the cli tests configure (SLEEPDELTA_MASTER_KEYS / master-keys), and reading back what it sealed. */
final class CliTestKeys {
    static final String TEXT = "cli-test-1=Y2xpLXRlc3QtbWFzdGVyLWtleS0zMi1ieXRlcy0wMTI=";
    static final MasterKeys KEYS = MasterKeys.parse(TEXT);

    private CliTestKeys() {}

    /** Opens input values and keyed rejections' payloads with the data keys on the pipeline's client-keys topic. */
    static final class Reader implements AutoCloseable {
        private final ClientKeyDirectory directory;
        private final PayloadDecryptor decryptor;

        Reader(String bootstrap) {
            directory = ClientKeyDirectory.open(
                    Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                    Topics.CLIENT_KEYS,
                    KEYS,
                    Duration.ofMillis(100),
                    Duration.ofSeconds(30));
            decryptor = new PayloadDecryptor(directory);
        }

        byte[] open(String key, byte[] value) {
            PayloadDecryptor.Opened opened = decryptor.open(key, value);
            if (opened.payload() == null) {
                throw new AssertionError("does not open: " + opened.outcome() + " " + opened.detail());
            }
            return opened.payload();
        }

        Rejection rejection(String key, byte[] value) {
            Rejection rejection = Codecs.rejection().decode(value);
            if (key != null && rejection.getPayload() != null) {
                byte[] payload = new byte[rejection.getPayload().remaining()];
                rejection.getPayload().duplicate().get(payload);
                // Lenient: a shared topic holds other tests' rejections too, some sealed under keys of their own.
                PayloadDecryptor.Opened opened = decryptor.open(key, payload);
                if (opened.payload() != null) {
                    rejection.setPayload(ByteBuffer.wrap(opened.payload()));
                }
            }
            return rejection;
        }

        @Override
        public void close() {
            directory.close();
        }
    }
}
