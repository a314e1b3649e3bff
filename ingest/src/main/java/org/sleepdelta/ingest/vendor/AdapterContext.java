package org.sleepdelta.ingest.vendor;

import java.time.ZoneId;

/**
 * Who the payload belongs to, and how far an archive in it may be unpacked. The clinic comes from the caller's API
 * key, never from the payload.
 *
 * @param timezone                   places vendor times that carry no offset (Fitbit's local times) and is the zone
 *                                   of the canonical records when the payload names none; null when the caller gave
 *                                   none
 * @param maxExportUncompressedBytes how many bytes an archive's entry may expand to before the payload is refused
 *                                   ({@link ExportLimitExceeded})
 * @param maxExportEntries           how many entries of an archive may be scanned for the one that is read
 */
public record AdapterContext(
        String clinicId, String clientId, ZoneId timezone, long maxExportUncompressedBytes, int maxExportEntries) {
    /** The default of {@code max-export-uncompressed-bytes}: 8 GiB. */
    public static final long DEFAULT_MAX_EXPORT_UNCOMPRESSED_BYTES = 8L << 30;
    /** The default of {@code max-export-entries}. */
    public static final int DEFAULT_MAX_EXPORT_ENTRIES = 100_000;

    public AdapterContext {
        if (maxExportUncompressedBytes < 1 || maxExportEntries < 1) {
            throw new IllegalArgumentException("export limits must be positive");
        }
    }

    /** With the default export limits (tools and tests). */
    public AdapterContext(String clinicId, String clientId, ZoneId timezone) {
        this(clinicId, clientId, timezone, DEFAULT_MAX_EXPORT_UNCOMPRESSED_BYTES, DEFAULT_MAX_EXPORT_ENTRIES);
    }
}
