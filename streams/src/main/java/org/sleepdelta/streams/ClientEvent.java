package org.sleepdelta.streams;

import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.schemas.ClientKey;

/** A decoded, contract-valid input of one client, from either input topic. */
sealed interface ClientEvent {
    ClientKey client();

    /** The bytes the record arrived as: a later rejection must return these, not a re-encoding of the value. */
    byte[] payload();

    record Sleep(ClientKey client, SleepRecord record, byte[] payload) implements ClientEvent {}

    record Session(ClientKey client, MassageSession session, byte[] payload) implements ClientEvent {}
}
