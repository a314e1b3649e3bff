package org.sleepdelta.ingest.vendor.jsonapi;

import java.util.Arrays;
import java.util.Optional;

/**
 * A sleep period second by second, painted from a vendor's stage segments, from which sleep onset, the final
 * awakening, wake after sleep onset and the number of awakenings follow by one definition for every vendor:
 * <ul>
 *   <li>latency: from the start of the period to the first second asleep;</li>
 *   <li>WASO: the seconds awake between the first and the last second asleep, so neither the latency nor the time
 *       after the final awakening counts;</li>
 *   <li>awakenings: the times the state turns from asleep to awake in that span (seconds the vendor does not cover
 *       neither break nor start an awakening).</li>
 * </ul>
 * Later paint wins, so vendors that overlay short wakes on longer stages paint the overlay last.
 */
public final class Hypnogram {
    /** More than a day cannot be a canonical period; the bound keeps the per-item memory small. */
    public static final long MAX_SECONDS = 48 * 3600;

    public enum State {
        SLEEP,
        WAKE
    }

    private static final byte UNKNOWN = 0;
    private static final byte SLEEP = 1;
    private static final byte WAKE = 2;

    private final byte[] seconds;

    /** @param periodSeconds the length of the period, from 1 to {@link #MAX_SECONDS} */
    public Hypnogram(long periodSeconds) {
        if (!fits(periodSeconds)) {
            throw new IllegalArgumentException("period must be from 1 s to " + MAX_SECONDS + " s");
        }
        this.seconds = new byte[(int) periodSeconds];
    }

    public static boolean fits(long periodSeconds) {
        return periodSeconds > 0 && periodSeconds <= MAX_SECONDS;
    }

    /** Marks [from, to) seconds after the start of the period; the part outside the period is ignored. */
    public void paint(long from, long to, State state) {
        int start = (int) Math.max(0, Math.min(from, seconds.length));
        int end = (int) Math.max(0, Math.min(to, seconds.length));
        if (end > start) {
            Arrays.fill(seconds, start, end, state == State.SLEEP ? SLEEP : WAKE);
        }
    }

    /** Empty when no second of the period is asleep. */
    public Optional<Summary> summary() {
        int onset = -1;
        int last = -1;
        for (int i = 0; i < seconds.length; i++) {
            if (seconds[i] == SLEEP) {
                if (onset < 0) {
                    onset = i;
                }
                last = i;
            }
        }
        if (onset < 0) {
            return Optional.empty();
        }
        long waso = 0;
        int awakenings = 0;
        byte known = SLEEP;
        for (int i = onset; i <= last; i++) {
            byte state = seconds[i];
            if (state == WAKE) {
                waso++;
                if (known == SLEEP) {
                    awakenings++;
                }
            }
            if (state != UNKNOWN) {
                known = state;
            }
        }
        return Optional.of(new Summary(onset, last + 1L, seconds.length, waso, awakenings));
    }

    /**
     * @param onsetSecond        first second asleep, counted from the start of the period (= latency in seconds)
     * @param finalWakeSecond    the second after the last second asleep
     * @param periodSeconds      the length of the period
     * @param wasoSeconds        seconds awake between onset and the final awakening
     * @param awakenings         asleep-to-awake transitions between onset and the final awakening
     */
    public record Summary(
            long onsetSecond, long finalWakeSecond, long periodSeconds, long wasoSeconds, int awakenings) {
        public long latencySeconds() {
            return onsetSecond;
        }

        /** Time in the period after the final awakening. */
        public long afterFinalWakeSeconds() {
            return periodSeconds - finalWakeSecond;
        }
    }
}
