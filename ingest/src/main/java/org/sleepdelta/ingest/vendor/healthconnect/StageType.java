package org.sleepdelta.ingest.vendor.healthconnect;

/**
 * Health Connect's sleep stage codes ({@code SleepSessionRecord.STAGE_TYPE_*}, identical in the platform API
 * {@code android.health.connect.datatypes.SleepSessionRecord.StageType} and the Jetpack client), and what each
 * contributes to the canonical measures.
 */
enum StageType {
    UNKNOWN(0, false, false),
    /** Awake, in bed or not known whether in bed. */
    AWAKE(1, false, true),
    /** Asleep, stage unknown. */
    SLEEPING(2, true, false),
    /** Out of bed, assumed awake (platform name {@code STAGE_TYPE_AWAKE_OUT_OF_BED}). */
    OUT_OF_BED(3, false, true),
    LIGHT(4, true, false),
    DEEP(5, true, false),
    REM(6, true, false),
    AWAKE_IN_BED(7, false, true);

    private final int code;
    private final boolean asleep;
    private final boolean awake;

    StageType(int code, boolean asleep, boolean awake) {
        this.code = code;
        this.asleep = asleep;
        this.awake = awake;
    }

    /** Null for a code Health Connect does not define. */
    static StageType ofCode(int code) {
        for (StageType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }

    boolean asleep() {
        return asleep;
    }

    boolean awake() {
        return awake;
    }

    /** Light, deep or REM: the stage is known. */
    boolean staged() {
        return this == LIGHT || this == DEEP || this == REM;
    }
}
