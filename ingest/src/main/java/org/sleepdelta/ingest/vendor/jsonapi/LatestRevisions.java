package org.sleepdelta.ingest.vendor.jsonapi;

import java.util.HashMap;
import java.util.Map;

/**
 * Keeps a revision of a vendor item from undoing a newer one within the same payload. Downstream, a later record with
 * the same {@code sourceRecordId} replaces the earlier one, so an older revision that appears after a newer one in
 * the payload must not be emitted. Holds one long per vendor id, not the items.
 */
public final class LatestRevisions {
    private final Map<String, Long> newestEmitted = new HashMap<>();

    /**
     * @param revision larger is newer (Withings {@code modified}, Garmin's tentative-before-final rank)
     * @return true when a newer revision of the same id was already emitted from this payload
     */
    public boolean superseded(String vendorId, long revision) {
        Long newest = newestEmitted.get(vendorId);
        return newest != null && newest > revision;
    }

    public void emitted(String vendorId, long revision) {
        newestEmitted.merge(vendorId, revision, Math::max);
    }
}
