package org.sleepdelta.ingest.vendor.applehealth;

import java.util.HashMap;
import java.util.Map;

/**
 * The {@code value} of an {@code HKCategoryTypeIdentifierSleepAnalysis} record ({@code HKCategoryValueSleepAnalysis}).
 * iOS 16 renamed {@code Asleep} to {@code AsleepUnspecified} (same raw value 1) and added the three stages; older
 * exports still carry {@code HKCategoryValueSleepAnalysisAsleep}.
 */
enum SleepValue {
    IN_BED("HKCategoryValueSleepAnalysisInBed"),
    ASLEEP_UNSPECIFIED("HKCategoryValueSleepAnalysisAsleepUnspecified", "HKCategoryValueSleepAnalysisAsleep"),
    AWAKE("HKCategoryValueSleepAnalysisAwake"),
    /** Light or intermediate sleep, AASM N1 + N2: our light sleep. */
    CORE("HKCategoryValueSleepAnalysisAsleepCore"),
    /** AASM N3. */
    DEEP("HKCategoryValueSleepAnalysisAsleepDeep"),
    REM("HKCategoryValueSleepAnalysisAsleepREM");

    private static final Map<String, SleepValue> BY_NAME = new HashMap<>();

    static {
        for (SleepValue v : values()) {
            for (String name : v.names) {
                BY_NAME.put(name, v);
            }
        }
    }

    private final String[] names;

    SleepValue(String... names) {
        this.names = names;
    }

    /** Null for a value we do not know. */
    static SleepValue of(String name) {
        return name == null ? null : BY_NAME.get(name);
    }

    boolean asleep() {
        return this == ASLEEP_UNSPECIFIED || this == CORE || this == DEEP || this == REM;
    }

    /** Core, deep or REM: the stage is known. */
    boolean staged() {
        return this == CORE || this == DEEP || this == REM;
    }
}
