package org.sleepdelta.streams;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.test.TestRecord;
import org.sleepdelta.schemas.crypto.DataKey;
import org.sleepdelta.schemas.crypto.PayloadDecryptor;
import org.sleepdelta.schemas.crypto.PayloadEnvelope;

/** Simulated arrivals sealed under one data key per client, as ingest writes them, and the decryptor that opens them. */
record EncryptedArrivals(List<SimulatedArrivals.Arrival> arrivals, PayloadDecryptor decryptor) {

    static EncryptedArrivals of(List<SimulatedArrivals.Arrival> plain) {
        Map<String, DataKey> keys = new HashMap<>();
        List<SimulatedArrivals.Arrival> sealed = plain.stream()
                .map(a -> {
                    TestRecord<String, byte[]> r = a.record();
                    DataKey key = keys.computeIfAbsent(r.key(), client -> DataKey.generate());
                    return new SimulatedArrivals.Arrival(
                            a.sleep(),
                            new TestRecord<>(
                                    r.key(),
                                    PayloadEnvelope.seal(key, r.key(), r.value()),
                                    r.headers(),
                                    r.getRecordTime()));
                })
                .toList();
        Map<String, DataKey> lookup = Map.copyOf(keys);
        return new EncryptedArrivals(
                sealed,
                new PayloadDecryptor(
                        (client, id) -> Optional.ofNullable(lookup.get(client)).filter(k -> k.id().equals(id))));
    }
}
