package org.sleepdelta.simulator;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.sleepdelta.avro.Modality;

/**
 * The true change a completed session of one modality makes to a client's mean sleep on each of nights N0..N0+6.
 *
 * @param totalSleepMinutes change in mean total sleep time, minutes (positive: more sleep)
 * @param sleepLatencyMinutes change in mean sleep-onset latency, minutes (negative: falls asleep faster)
 * @param wasoMinutes change in mean wake after sleep onset, minutes (negative: fewer wakeful minutes)
 */
public record TrueEffect(double totalSleepMinutes, double sleepLatencyMinutes, double wasoMinutes) {

    public static final TrueEffect NONE = new TrueEffect(0, 0, 0);

    public TrueEffect {
        if (!Double.isFinite(totalSleepMinutes)
                || !Double.isFinite(sleepLatencyMinutes)
                || !Double.isFinite(wasoMinutes)) {
            throw new IllegalArgumentException("effects must be finite");
        }
    }

    /**
     * Default effects: SWEDISH is the reference (+18/-8/-6), OTHER is a null control, and the rest spread from
     * clearly positive through near zero to one harmful modality (SPORTS), so a dashboard has something to rank.
     */
    public static Map<Modality, TrueEffect> defaults() {
        EnumMap<Modality, TrueEffect> m = new EnumMap<>(Modality.class);
        m.put(Modality.SWEDISH, new TrueEffect(18, -8, -6));
        m.put(Modality.DEEP_TISSUE, new TrueEffect(15, -5, -8));
        m.put(Modality.SHIATSU, new TrueEffect(8, -4, -3));
        m.put(Modality.HOT_STONE, new TrueEffect(12, -6, -4));
        m.put(Modality.AROMATHERAPY, new TrueEffect(20, -10, -5));
        m.put(Modality.REFLEXOLOGY, new TrueEffect(5, -2, -2));
        m.put(Modality.SPORTS, new TrueEffect(-5, 2, 3));
        m.put(Modality.PRENATAL, new TrueEffect(10, -4, -4));
        m.put(Modality.TRIGGER_POINT, new TrueEffect(2, 0, -1));
        m.put(Modality.CRANIOSACRAL, new TrueEffect(6, -3, -2));
        m.put(Modality.TUI_NA, new TrueEffect(4, -2, -2));
        m.put(Modality.THAI, new TrueEffect(9, -3, -5));
        m.put(Modality.SELF_ACUPRESSURE, new TrueEffect(1, -1, 0));
        m.put(Modality.OTHER, NONE);
        return Collections.unmodifiableMap(m);
    }
}
