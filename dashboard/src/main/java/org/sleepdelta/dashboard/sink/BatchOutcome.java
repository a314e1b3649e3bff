package org.sleepdelta.dashboard.sink;

/** What one committed batch did to each table, counted per record ({@link SleepChangeBatch#tally}). */
record BatchOutcome(
        SleepChangeBatch.Tally sleepChange,
        SleepChangeBatch.Tally nightlySleep,
        int rejections,
        long transactionNanos) {}
