package org.sleepdelta.dashboard.sink;

/**
 * What one committed batch did to each table, counted per record ({@link SleepChangeBatch#tally}).
 *
 * @param erasures         what the batch's erasure requests did
 * @param erasedLeftOut    records of erased clients that were not written
 */
record BatchOutcome(
        SleepChangeBatch.Tally sleepChange,
        SleepChangeBatch.Tally nightlySleep,
        int rejections,
        long transactionNanos,
        ClientErasures.Tally erasures,
        int erasedLeftOut) {

    /** A batch without erasure requests or records of erased clients. */
    BatchOutcome(SleepChangeBatch.Tally sleepChange, SleepChangeBatch.Tally nightlySleep, int rejections, long nanos) {
        this(sleepChange, nightlySleep, rejections, nanos, new ClientErasures.Tally(), 0);
    }
}
