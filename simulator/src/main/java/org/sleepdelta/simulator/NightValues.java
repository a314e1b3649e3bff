package org.sleepdelta.simulator;

import java.time.Instant;

/**
 * One sleep period in whole minutes. Time in bed is the sum of its parts, so the end instant always lies exactly
 * latency + sleep + WASO + after-wake minutes after the start, which is the contract's consistency rule.
 */
record NightValues(
        Instant start,
        int latency,
        int totalSleep,
        int waso,
        int afterWake,
        int awakenings,
        int deep,
        int rem,
        double restingHeartRate,
        double hrvRmssd) {

    static final double MIN_HEART_RATE = 38;
    static final double MAX_HEART_RATE = 110;
    static final double MIN_HRV = 5;
    static final double MAX_HRV = 300;

    NightValues {
        if (latency < 0
                || totalSleep < 1
                || waso < 0
                || afterWake < 0
                || awakenings < 0
                || deep < 0
                || rem < 0
                || deep + rem > totalSleep) {
            throw new IllegalArgumentException("inconsistent sleep period: " + latency + "/" + totalSleep + "/" + waso
                    + "/" + afterWake + " deep " + deep + " rem " + rem);
        }
    }

    /** Builds a period, splitting total sleep into stages by the given shares (clamped to plausible bounds). */
    static NightValues of(
            Instant start,
            int latency,
            int totalSleep,
            int waso,
            int afterWake,
            int awakenings,
            double deepShare,
            double remShare,
            double restingHeartRate,
            double hrvRmssd) {
        int deep = (int) Math.round(totalSleep * clamp(deepShare, 0.0, 0.4));
        int rem = (int) Math.round(totalSleep * clamp(remShare, 0.0, 0.4));
        return new NightValues(
                start,
                latency,
                totalSleep,
                waso,
                afterWake,
                awakenings,
                deep,
                rem,
                tenths(clamp(restingHeartRate, MIN_HEART_RATE, MAX_HEART_RATE)),
                tenths(clamp(hrvRmssd, MIN_HRV, MAX_HRV)));
    }

    /**
     * The same period as read by a device that scores {@code minutes} more sleep: the wake parts stay, so time in
     * bed and the end move by the same amount; stages keep their shares.
     */
    NightValues withTotalSleepOffset(int minutes) {
        if (minutes == 0) {
            return this;
        }
        return of(
                start,
                latency,
                Math.max(1, totalSleep + minutes),
                waso,
                afterWake,
                awakenings,
                deepShare(),
                remShare(),
                restingHeartRate,
                hrvRmssd);
    }

    int timeInBed() {
        return latency + totalSleep + waso + afterWake;
    }

    int light() {
        return totalSleep - deep - rem;
    }

    Instant end() {
        return start.plusSeconds(60L * timeInBed());
    }

    double deepShare() {
        return (double) deep / totalSleep;
    }

    double remShare() {
        return (double) rem / totalSleep;
    }

    static double clamp(double x, double min, double max) {
        return Math.max(min, Math.min(max, x));
    }

    static int minutes(double x) {
        return (int) Math.round(x);
    }

    static double tenths(double x) {
        return Math.round(x * 10.0) / 10.0;
    }
}
