package org.sleepdelta.streams;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.sleepdelta.avro.MetricWindow;
import org.sleepdelta.avro.SleepChangeMetric;
import org.sleepdelta.metric.SessionFacts;
import org.sleepdelta.schemas.ClientKey;
import org.sleepdelta.schemas.MetricKey;

/**
 * Windows that retention has frozen: those of sessions whose N0 lies more than {@link #MARGIN_DAYS} before the
 * retention cutoff night. Input admitted by retention reaches only later windows in the normal course (a night
 * reaches sessions 27 nights back, a session edit its neighbours 32 days back), but a data-clock advance after a
 * pause, a deletion or re-score of an older night, or a session moved away from an old date can select older
 * sessions too. Those are never recomputed: their nights and neighbouring sessions may already be swept, and what
 * the dashboard receives must not depend on whether the wall-clock sweep has run. A frozen window keeps its last
 * statistics; only {@code complete} still follows the client's data clock, exactly as the definition does for a
 * window whose nights can no longer change.
 *
 * <p>{@link RetentionSweeper} keeps everything an unfrozen window reads: its reference nights reach 42 before N0
 * ({@code MARGIN_DAYS + 42 <= NIGHT_MARGIN_DAYS}), its course rule the previous session up to 28 nights before, and
 * its reference leaves out the first week of sessions up to 48 nights before, plus a night for zones
 * ({@code MARGIN_DAYS + 49 <= SESSION_MARGIN_DAYS}), with what was emitted for it.
 */
final class FrozenWindows {
    static final int MARGIN_DAYS = 36;

    private final ClientState state;
    private final int lateGraceDays;

    FrozenWindows(ClientState state, int lateGraceDays) {
        this.state = state;
        this.lateGraceDays = lateGraceDays;
    }

    /** First N0 whose windows may still be recomputed, or null when nothing is frozen. */
    static LocalDate frozenBefore(LocalDate cutoffNight) {
        return cutoffNight == null ? null : cutoffNight.minusDays(MARGIN_DAYS);
    }

    static boolean isFrozen(SessionFacts session, LocalDate frozenBefore) {
        return session != null && frozenBefore != null && session.firstNight().isBefore(frozenBefore);
    }

    /**
     * Marks the frozen session's emitted windows complete once the client's data clock is more than the grace past
     * their last night; records the new revisions and returns the records to send.
     */
    List<KeyValue<String, SleepChangeMetric>> completions(ClientKey client, String sessionId, LocalDate latestNight) {
        List<KeyValue<String, SleepChangeMetric>> out = new ArrayList<>();
        if (latestNight == null) {
            return out;
        }
        for (MetricWindow window : MetricWindow.values()) {
            String key = new MetricKey(client.clinicId(), client.clientId(), sessionId, window).toString();
            EmittedState last = state.emitted.get(key);
            if (last == null
                    || !last.live()
                    || last.metric().getComplete()
                    || ChronoUnit.DAYS.between(last.metric().getWindowEnd(), latestNight) <= lateGraceDays) {
                continue;
            }
            long revision = last.revision() + 1;
            SleepChangeMetric metric = SleepChangeMetric.newBuilder(last.metric())
                    .setComplete(true)
                    .setRevision(revision)
                    .build();
            state.putEmitted(client, key, new EmittedState(revision, last.firstNight(), metric), null);
            out.add(KeyValue.pair(key, metric));
        }
        return out;
    }
}
