package org.sleepdelta.ingest.connect.web;

import java.time.ZoneId;
import org.sleepdelta.schemas.connections.ConnectionKey;

/**
 * Writes sleep data a vendor pushed in a webhook (Garmin's Health API push) exactly as an upload of the same payload
 * to {@code POST /v1/wearables/{vendor}/sleep} would be written: the same adapter, validation, encryption and
 * transaction, so that a pushed night is the same record as an uploaded one.
 */
@FunctionalInterface
public interface PushedSleep {
    PushedSleep NONE = (key, adapterVendor, zone, payload) -> {
        throw new Refused("pushed payloads are not accepted by this service");
    };

    /**
     * Writes one pushed payload of one connection.
     *
     * @param adapterVendor the path name of the adapter that reads the payload
     * @param zone          the connection's zone, null when it has none
     * @return how many records were written (input topic and rejection topic)
     * @throws Refused when the payload cannot be read or holds invalid records: nothing was written
     */
    int write(ConnectionKey key, String adapterVendor, ZoneId zone, byte[] payload) throws Refused;

    /** The payload was not written; the message names the problem, never the payload's content. */
    final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        public Refused(String message) {
            super(message, null, false, false);
        }
    }
}
