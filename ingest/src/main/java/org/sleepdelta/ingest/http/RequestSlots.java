package org.sleepdelta.ingest.http;

import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Caps how many batches are in work at once (reading, parsing, validating, producing): a request either takes a free
 * slot at once or is turned away (429). Nobody waits in a queue, so memory stays bounded by the slot count times the
 * body limit, and a slow Kafka shows up as quick 429s instead of piling up threads. Each slot has a number, from 0, so
 * that a slot can own resources (its transactional producer).
 */
final class RequestSlots {
    private final Semaphore permits;
    private final ConcurrentLinkedQueue<Integer> free = new ConcurrentLinkedQueue<>();

    RequestSlots(int count) {
        permits = new Semaphore(count);
        for (int i = 0; i < count; i++) {
            free.add(i);
        }
    }

    /** @return a slot to close when the batch is done, or empty when all are taken */
    Optional<Slot> tryAcquire() {
        if (!permits.tryAcquire()) {
            return Optional.empty();
        }
        // A permit guarantees a free number: numbers go back to the queue before their permit is released.
        return Optional.of(new Slot(free.remove()));
    }

    final class Slot implements AutoCloseable {
        private final int id;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(int id) {
            this.id = id;
        }

        int id() {
            return id;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                free.add(id);
                permits.release();
            }
        }
    }
}
