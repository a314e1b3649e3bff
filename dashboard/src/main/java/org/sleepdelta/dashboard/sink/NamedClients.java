package org.sleepdelta.dashboard.sink;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.sleepdelta.avro.NightlySleep;
import org.sleepdelta.avro.SleepChangeMetric;
import org.sleepdelta.schemas.ClientKey;
import org.sleepdelta.schemas.Ids;
import org.sleepdelta.schemas.codec.Codecs;
import org.sleepdelta.schemas.erasure.ErasureRequest;

/**
 * The clients a rejected record names, in its key or in its value, so that the rejection of an erased client is not
 * stored: a key that is broken ({@code INVALID_KEY}) or names another client ({@code KEY_MISMATCH}) can come with a
 * value of the erased client. A value that cannot be read names nobody that can be told.
 */
final class NamedClients {
    private NamedClients() {}

    static Set<ClientKey> of(byte[] key, byte[] value) {
        Set<ClientKey> clients = new HashSet<>();
        if (key != null) {
            // Keys of every topic the sink reads start with clinicId/clientId; ids cannot contain '/'.
            String[] parts = new String(key, StandardCharsets.UTF_8).split("/", -1);
            add(clients, parts.length >= 2 ? parts[0] : null, parts.length >= 2 ? parts[1] : null);
        }
        if (value != null) {
            fromValue(clients, value);
        }
        return clients;
    }

    private static void fromValue(Set<ClientKey> clients, byte[] value) {
        try {
            SleepChangeMetric metric = Codecs.sleepChangeMetric().decode(value);
            add(clients, metric.getClinicId(), metric.getClientId());
            return;
        } catch (RuntimeException e) { // RecordDecodingException, or ids the contract does not allow
            // not a sleep-change record
        }
        try {
            NightlySleep night = Codecs.nightlySleep().decode(value);
            add(clients, night.getClinicId(), night.getClientId());
            return;
        } catch (RuntimeException e) {
            // not a night
        }
        try {
            clients.add(ErasureRequest.decode(value).client());
        } catch (RuntimeException e) {
            // not an erasure request either
        }
    }

    private static void add(Set<ClientKey> clients, String clinicId, String clientId) {
        if (Ids.isValid(clinicId) && Ids.isValid(clientId)) {
            clients.add(new ClientKey(clinicId, clientId));
        }
    }
}
