package org.sleepdelta.ingest.http;

import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Caps how many batches are in work at once (reading, parsing, validating, producing), in all and per clinic: a request
 * either takes a free slot at once or is turned away (429). Nobody waits in a queue, so memory stays bounded by the slot
 * count times the body limit, and a slow Kafka shows up as quick 429s instead of piling up threads. Each slot has a
 * number, from 0, so that a slot can own resources (its transactional producer).
 */
final class RequestSlots {
    /** Why {@link #tryAcquire(String)} gave no slot. */
    enum Refusal {
        /** The clinic already has {@code max-batches-per-clinic} batches in work. */
        CLINIC_AT_QUOTA,
        /** Every slot is taken. */
        ALL_TAKEN
    }

    /** A slot, or the reason there is none. */
    record Attempt(Slot slot, Refusal refusal) {}

    private final Semaphore permits;
    private final ConcurrentLinkedQueue<Integer> free = new ConcurrentLinkedQueue<>();
    private final ClinicQuota quota;
    private final int count;

    /** Without a per-clinic quota. */
    RequestSlots(int count) {
        this(count, count);
    }

    RequestSlots(int count, int perClinic) {
        permits = new Semaphore(count);
        for (int i = 0; i < count; i++) {
            free.add(i);
        }
        quota = new ClinicQuota(perClinic);
        this.count = count;
    }

    int perClinic() {
        return quota.limit();
    }

    /** A slot to close when the batch is done, or empty when all are taken; no clinic quota applies. */
    Optional<Slot> tryAcquire() {
        return Optional.ofNullable(take(null));
    }

    /**
     * The clinic's quota is checked first, so that a clinic at its quota never takes a global permit, not even for a
     * moment in which another clinic's request could be turned away.
     */
    Attempt tryAcquire(String clinicId) {
        if (!quota.tryEnter(clinicId)) {
            return new Attempt(null, Refusal.CLINIC_AT_QUOTA);
        }
        Slot slot = take(clinicId);
        if (slot == null) {
            quota.leave(clinicId);
            return new Attempt(null, Refusal.ALL_TAKEN);
        }
        return new Attempt(slot, null);
    }

    /** Slots taken now, of all clinics. */
    int inUse() {
        return count - permits.availablePermits();
    }

    /** Batches the clinic has in work now. */
    int inWork(String clinicId) {
        return quota.inWork(clinicId);
    }

    private Slot take(String clinicId) {
        if (!permits.tryAcquire()) {
            return null;
        }
        // A permit guarantees a free number: numbers go back to the queue before their permit is released.
        return new Slot(free.remove(), clinicId);
    }

    final class Slot implements AutoCloseable {
        private final int id;
        private final String clinicId;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(int id, String clinicId) {
            this.id = id;
            this.clinicId = clinicId;
        }

        int id() {
            return id;
        }

        /** Gives back the slot and the clinic's share of its quota; only the first call counts. */
        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                free.add(id);
                permits.release();
                if (clinicId != null) {
                    quota.leave(clinicId);
                }
            }
        }
    }
}
