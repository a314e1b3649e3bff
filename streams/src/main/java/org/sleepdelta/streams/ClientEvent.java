package org.sleepdelta.streams;

import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.schemas.ClientKey;

/** A decoded, contract-valid input of one client, from either input topic. */
sealed interface ClientEvent {
    ClientKey client();

    record Sleep(ClientKey client, SleepRecord record) implements ClientEvent {}

    record Session(ClientKey client, MassageSession session) implements ClientEvent {}
}
