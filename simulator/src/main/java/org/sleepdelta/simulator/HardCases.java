package org.sleepdelta.simulator;

import java.time.LocalDate;

/**
 * Switchable departures from the friendly default cohort, each one a way a naive before/after metric can be fooled.
 * {@link #none()} is the default and reproduces the simulator's output from before these switches existed, so a
 * seed's cohort never changes unless a test asks for a hard case. Every switch draws from its own random stream:
 * turning one on leaves the noise, sessions and other switches' decisions of every client as they were.
 *
 * @param totalSleepAutocorrelation null: every client keeps the AR(1) coefficient of its profile (0.2-0.5);
 *     otherwise every client's lag-1 autocorrelation of total sleep is exactly this value (0 = independent
 *     nights). Why: with autocorrelated nights a bad baseline week is followed by a bad post week less often than
 *     chance suggests (regression to the mean), and the width of an interval built on independent nights is
 *     wrong; a test can compare the metric's behaviour with and without serial dependence. The stationary SD stays
 *     the profile's SD whatever the coefficient, so only the dependence changes.
 * @param bookAfterWorstWeek probability that a client books each course right after a bad week: its total sleep
 *     on nights N0-7..N0-1 before the first session of every course falls {@link #BAD_WEEK_SDS} of its nightly SD below its
 *     usual level (a stressful week, say), and the bad week is what made it book. Why: clients seek a massage when
 *     they sleep badly, so the baseline is selected for being low and the post nights return to the usual level
 *     whatever the massage does: a naive baseline-to-post change shows a "benefit" with zero true effect
 *     (regression to the mean). The fall is passing and no session's doing ({@link GroundTruth#meanEffect} leaves
 *     it out, {@link ClientTruth#badWeekDipOn} gives it), and it touches only the week before a session, so a
 *     reference baseline 15-42 nights earlier that leaves out other sessions' baselines stays unselected. Sessions
 *     keep their planned dates: a rule that moved them to follow the lowest week in hindsight would also choose post
 *     nights better than the weeks passed over, a bias no real booking can cause.
 * @param seasonalDriftMinutes amplitude A (minutes, at least 0) of a drift shared by all clients: on a night with
 *     day-of-year d, mean total sleep gets {@code A * sin(2 pi d / 365.25)}. Why: sleep changes with the season
 *     regardless of massage; over a long course a pre/post comparison picks up the drift as if it were an effect.
 *     It is not a session effect: {@link GroundTruth#meanEffect} leaves it out, {@link GroundTruth#meanDrift}
 *     reports it.
 * @param deviceChangeMidCourse probability that a client replaces the primary device by another vendor's on a night
 *     between its first and last session (exclusive of the first), the new device recording every night from then
 *     on. Why: devices disagree systematically, so a device change inside a course shifts the recorded values
 *     without any change in sleep; a metric must notice mixed sources rather than report the shift as an effect.
 *     The new device is one of the seven wearable vendors the client does not already wear; naps move to it too,
 *     an optional second device stays. A client whose sessions all fall on one day has no middle and keeps its
 *     device.
 * @param deviceChangeOffsetMinutes how much more total sleep the replacement device records than the old one
 *     (the truth is unchanged): time in bed grows by the same amount, the bed interval ending that much later.
 */
public record HardCases(
        Double totalSleepAutocorrelation,
        double bookAfterWorstWeek,
        double seasonalDriftMinutes,
        double deviceChangeMidCourse,
        double deviceChangeOffsetMinutes) {

    /** The nights before a session that a bad week covers: N0-7..N0-1. */
    public static final int BAD_WEEK_NIGHTS = 7;

    /** How far a bad week falls, in nightly SDs of the client's total sleep (about 30-45 minutes). */
    public static final double BAD_WEEK_SDS = 1.0;

    /** Default offset of the replacement device: large enough to matter against a 15-20 min effect. */
    public static final double DEFAULT_DEVICE_CHANGE_OFFSET_MINUTES = 12;

    /** The largest drift amplitude accepted: beyond it drifted means leave the range nightly values are kept in. */
    public static final double MAX_SEASONAL_DRIFT_MINUTES = 60;

    /** The largest reading offset accepted. */
    public static final double MAX_DEVICE_CHANGE_OFFSET_MINUTES = 60;

    public HardCases {
        if (totalSleepAutocorrelation != null && !(totalSleepAutocorrelation >= 0 && totalSleepAutocorrelation < 1)) {
            throw new IllegalArgumentException(
                    "totalSleepAutocorrelation must be in [0, 1) or null: " + totalSleepAutocorrelation);
        }
        probability("bookAfterWorstWeek", bookAfterWorstWeek);
        probability("deviceChangeMidCourse", deviceChangeMidCourse);
        if (!(seasonalDriftMinutes >= 0 && seasonalDriftMinutes <= MAX_SEASONAL_DRIFT_MINUTES)) {
            throw new IllegalArgumentException(
                    "seasonalDriftMinutes must be in [0, " + MAX_SEASONAL_DRIFT_MINUTES + "]: " + seasonalDriftMinutes);
        }
        if (!(Math.abs(deviceChangeOffsetMinutes) <= MAX_DEVICE_CHANGE_OFFSET_MINUTES)) {
            throw new IllegalArgumentException("deviceChangeOffsetMinutes must be within +-"
                    + MAX_DEVICE_CHANGE_OFFSET_MINUTES + ": " + deviceChangeOffsetMinutes);
        }
    }

    /** No hard case: the simulator behaves exactly as it did before these switches existed. */
    public static HardCases none() {
        return new HardCases(null, 0, 0, 0, DEFAULT_DEVICE_CHANGE_OFFSET_MINUTES);
    }

    /** Same as {@link #none()}. */
    public static HardCases defaults() {
        return none();
    }

    /** Every client's AR(1) coefficient of total sleep; null restores the per-client profile value. */
    public HardCases withTotalSleepAutocorrelation(Double phi) {
        return new HardCases(
                phi, bookAfterWorstWeek, seasonalDriftMinutes, deviceChangeMidCourse, deviceChangeOffsetMinutes);
    }

    public HardCases withBookAfterWorstWeek(double p) {
        return new HardCases(
                totalSleepAutocorrelation, p, seasonalDriftMinutes, deviceChangeMidCourse, deviceChangeOffsetMinutes);
    }

    public HardCases withSeasonalDriftMinutes(double amplitude) {
        return new HardCases(
                totalSleepAutocorrelation,
                bookAfterWorstWeek,
                amplitude,
                deviceChangeMidCourse,
                deviceChangeOffsetMinutes);
    }

    public HardCases withDeviceChangeMidCourse(double p) {
        return new HardCases(
                totalSleepAutocorrelation, bookAfterWorstWeek, seasonalDriftMinutes, p, deviceChangeOffsetMinutes);
    }

    public HardCases withDeviceChangeOffsetMinutes(double minutes) {
        return new HardCases(
                totalSleepAutocorrelation, bookAfterWorstWeek, seasonalDriftMinutes, deviceChangeMidCourse, minutes);
    }

    /** Whether this is the default behaviour (the replacement device's offset matters only with device changes). */
    public boolean isNone() {
        return totalSleepAutocorrelation == null
                && bookAfterWorstWeek == 0
                && seasonalDriftMinutes == 0
                && deviceChangeMidCourse == 0;
    }

    /** The seasonal drift of mean total sleep on a night, minutes. */
    public double driftOn(LocalDate night) {
        return seasonalDrift(seasonalDriftMinutes, night);
    }

    static double seasonalDrift(double amplitude, LocalDate night) {
        return amplitude == 0 ? 0 : amplitude * StrictMath.sin(2 * StrictMath.PI * night.getDayOfYear() / 365.25);
    }

    private static void probability(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must be a probability in [0, 1]: " + p);
        }
    }
}
