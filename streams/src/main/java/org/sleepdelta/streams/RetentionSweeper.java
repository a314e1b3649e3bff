package org.sleepdelta.streams;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.metric.SessionFacts;
import org.sleepdelta.metric.WindowSpec;
import org.sleepdelta.schemas.ClientKey;

/**
 * Deletes state that no admitted input can reach any more. Input older than the cutoff night is rejected,
 * but it can still change windows of sessions up to 36 days earlier (see {@link FrozenWindows}), whose reference
 * nights reach 42 nights further back, whose course rule looks 28 days further, and whose reference leaves out the
 * first week of sessions up to 48 nights further: so nights are kept to 78 days and sessions (with what was emitted
 * for them) to 85 days before the cutoff. State stays bounded by retention plus that margin.
 * Windows of sessions older than {@link FrozenWindows#MARGIN_DAYS} before the cutoff are never recomputed, so
 * nothing that is recomputed can read what was deleted here.
 */
final class RetentionSweeper {
    static final int NIGHT_MARGIN_DAYS = FrozenWindows.MARGIN_DAYS + WindowSpec.REFERENCE_FIRST_OFFSET;
    static final int SESSION_MARGIN_DAYS = FrozenWindows.MARGIN_DAYS + WindowSpec.REFERENCE_FIRST_OFFSET + 7;

    private final ClientState state;

    RetentionSweeper(ClientState state) {
        this.state = state;
    }

    void sweep(LocalDate cutoffNight) {
        if (cutoffNight == null) {
            return;
        }
        sweepNights(cutoffNight.minusDays(NIGHT_MARGIN_DAYS));
        LocalDate sessionCutoff = cutoffNight.minusDays(SESSION_MARGIN_DAYS);
        sweepSessions(sessionCutoff);
        deleteWhere(state.emitted, emitted -> emitted.firstNight().isBefore(sessionCutoff));
        deleteWhere(state.clientClock, night -> LocalDate.parse(night).isBefore(sessionCutoff));
    }

    private void sweepNights(LocalDate keepFrom) {
        List<KeyValue<String, SleepRecord>> expired = new ArrayList<>();
        try (KeyValueIterator<String, SleepRecord> it = state.sleepByNight.all()) {
            it.forEachRemaining(kv -> {
                if (StoreKeys.nightOfSleepKey(kv.key).isBefore(keepFrom)) {
                    expired.add(kv);
                }
            });
        }
        for (KeyValue<String, SleepRecord> kv : expired) {
            state.sleepByNight.delete(kv.key);
            ClientKey client = StoreKeys.clientOf(kv.key);
            state.sleepNightIndex.delete(
                    StoreKeys.sleepIdentity(client, kv.value.getSource(), kv.value.getSourceRecordId()));
        }
    }

    private void sweepSessions(LocalDate keepFrom) {
        List<KeyValue<String, MassageSession>> expired = new ArrayList<>();
        try (KeyValueIterator<String, MassageSession> it = state.sessionsById.all()) {
            it.forEachRemaining(kv -> {
                if (SessionFacts.of(kv.value).firstNight().isBefore(keepFrom)) {
                    expired.add(kv);
                }
            });
        }
        for (KeyValue<String, MassageSession> kv : expired) {
            state.sessionsById.delete(kv.key);
            state.completedByStart.delete(
                    StoreKeys.sessionByStart(StoreKeys.clientOf(kv.key), kv.value.getStart(), kv.value.getSessionId()));
        }
    }

    private static <V> void deleteWhere(JournaledStore<V> store, Predicate<V> expired) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, V> it = store.all()) {
            it.forEachRemaining(kv -> {
                if (expired.test(kv.value)) {
                    keys.add(kv.key);
                }
            });
        }
        keys.forEach(store::delete);
    }
}
