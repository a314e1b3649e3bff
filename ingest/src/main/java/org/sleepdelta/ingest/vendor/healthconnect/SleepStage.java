package org.sleepdelta.ingest.vendor.healthconnect;

import org.sleepdelta.ingest.vendor.support.TimeSpan;

/** One {@code SleepSessionRecord.Stage}: a stretch of the session in one stage. */
record SleepStage(TimeSpan span, StageType type) {}
