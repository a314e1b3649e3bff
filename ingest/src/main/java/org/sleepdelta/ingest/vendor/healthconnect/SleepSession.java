package org.sleepdelta.ingest.vendor.healthconnect;

import java.time.Instant;
import java.util.List;

/**
 * The parts of one {@code SleepSessionRecord} that we use. Title and notes are free text the user typed: they are
 * deliberately not part of this value, so they cannot reach a record, a problem or a log.
 *
 * @param id Health Connect's {@code metadata.id}, or null when the exporter left it out
 */
record SleepSession(String id, Instant start, Instant end, List<SleepStage> stages) {}
