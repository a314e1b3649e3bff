package org.sleepdelta.ingest.http;

import java.util.concurrent.ConcurrentHashMap;

/**
 * How many batches each clinic has in work, capped at {@code max-batches-per-clinic}, so that one clinic (one leaked or
 * misbehaving key) cannot take every request slot. Only clinics with a batch in work have an entry, so the map stays as
 * small as the slot count whatever the number of clinics.
 */
final class ClinicQuota {
    private final int limit;
    private final ConcurrentHashMap<String, Integer> inWork = new ConcurrentHashMap<>();

    ClinicQuota(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("a clinic quota must be at least 1, not " + limit);
        }
        this.limit = limit;
    }

    int limit() {
        return limit;
    }

    /** Counts one batch more for the clinic if it is below its quota, and says whether; pair with {@link #leave}. */
    boolean tryEnter(String clinicId) {
        boolean[] entered = {false};
        inWork.compute(clinicId, (clinic, count) -> {
            int current = count == null ? 0 : count;
            if (current >= limit) {
                return count;
            }
            entered[0] = true;
            return current + 1;
        });
        return entered[0];
    }

    void leave(String clinicId) {
        inWork.computeIfPresent(clinicId, (clinic, count) -> count <= 1 ? null : count - 1);
    }

    /** Batches the clinic has in work now. */
    int inWork(String clinicId) {
        return inWork.getOrDefault(clinicId, 0);
    }
}
