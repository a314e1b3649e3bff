package org.sleepdelta.simulator;

import java.time.LocalDate;
import java.util.Locale;
import java.util.UUID;
import org.sleepdelta.avro.SleepSource;

/**
 * Deterministic sourceRecordIds in each vendor's own style (hex ids, numeric log ids, UUIDs), all matching the
 * contract's id pattern. Hashing (seed, client, source, day, kind) keeps them stable and unrelated to each other.
 */
final class RecordIds {

    /** What a record is; part of the hash so a night's main sleep, nap and bogus fragment get distinct ids. */
    enum Kind {
        MAIN,
        NAP,
        SPURIOUS
    }

    private RecordIds() {}

    static String sleepRecordId(long seed, int clientIndex, SleepSource source, LocalDate day, Kind kind) {
        long purpose = RandomPurpose.IDS + 16L * (source.ordinal() + 16L * (kind.ordinal() + 4L * day.toEpochDay()));
        Rng rng = Rng.stream(seed, clientIndex, purpose);
        long a = rng.nextLong();
        long b = rng.nextLong();
        switch (source) {
            case OURA:
                return "oura-" + hex(a);
            case FITBIT:
                return Long.toString(10_000_000_000L + Long.remainderUnsigned(a, 89_999_999_999L));
            case GARMIN:
                return "garmin-" + hex(a) + "-" + hex(b).substring(0, 4);
            case WITHINGS:
                return "wsl-" + Long.toString(Long.remainderUnsigned(a, 1_000_000_000_000L));
            case APPLE_HEALTH:
                return uuid(a, b).toUpperCase(Locale.ROOT);
            case HEALTH_CONNECT:
                return uuid(a, b);
            case OPEN_MHEALTH:
                return "omh:" + uuid(a, b);
            default:
                return "rec-" + hex(a);
        }
    }

    private static String hex(long x) {
        String h = Long.toHexString(x);
        return "0000000000000000".substring(h.length()) + h;
    }

    /** A version-4-shaped UUID from two hashes. */
    private static String uuid(long a, long b) {
        return new UUID((a & ~0xF000L) | 0x4000L, (b & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
    }
}
