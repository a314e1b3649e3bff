package org.sleepdelta.streams;

import org.sleepdelta.schemas.CanonicalRecord;
import org.sleepdelta.schemas.ClientKey;

/**
 * A decoded, contract-valid input of one client, from either input topic.
 *
 * @param client  the record's client, checked against the Kafka key once, when decoded
 * @param payload the bytes the record arrived as: a later rejection must return these, not a re-encoding of the value
 */
record ClientEvent(ClientKey client, CanonicalRecord record, byte[] payload) {}
