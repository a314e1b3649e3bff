package org.sleepdelta.schemas.codec;

import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.NightlySleep;
import org.sleepdelta.avro.Rejection;
import org.sleepdelta.avro.SleepChangeMetric;
import org.sleepdelta.avro.SleepRecord;

/** The codec of each record type. Codecs are thread-safe; share them. */
public final class Codecs {
    private static final RecordCodec<SleepRecord> SLEEP_RECORD = new SingleObjectCodec<>(SleepRecord.class);
    private static final RecordCodec<MassageSession> MASSAGE_SESSION = new SingleObjectCodec<>(MassageSession.class);
    private static final RecordCodec<SleepChangeMetric> SLEEP_CHANGE_METRIC =
            new SingleObjectCodec<>(SleepChangeMetric.class);
    private static final RecordCodec<Rejection> REJECTION = new SingleObjectCodec<>(Rejection.class);
    private static final RecordCodec<NightlySleep> NIGHTLY_SLEEP = new SingleObjectCodec<>(NightlySleep.class);

    private Codecs() {}

    public static RecordCodec<SleepRecord> sleepRecord() {
        return SLEEP_RECORD;
    }

    public static RecordCodec<MassageSession> massageSession() {
        return MASSAGE_SESSION;
    }

    public static RecordCodec<SleepChangeMetric> sleepChangeMetric() {
        return SLEEP_CHANGE_METRIC;
    }

    public static RecordCodec<Rejection> rejection() {
        return REJECTION;
    }

    public static RecordCodec<NightlySleep> nightlySleep() {
        return NIGHTLY_SLEEP;
    }
}
