package org.sleepdelta.ingest.http;

/**
 * Called by a batch request right after it took a slot, before it reads its body. Production does nothing; tests hold
 * a slot here to fill the service deterministically.
 */
@FunctionalInterface
interface BatchHook {
    BatchHook NONE = () -> {};

    void slotTaken();
}
