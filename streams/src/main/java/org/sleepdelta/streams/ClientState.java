package org.sleepdelta.streams;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.SessionStatus;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.metric.Episode;
import org.sleepdelta.metric.MainSleep;
import org.sleepdelta.metric.NightValues;
import org.sleepdelta.metric.SessionFacts;
import org.sleepdelta.metric.SourcePriority;
import org.sleepdelta.schemas.ClientKey;

/** The topology's view of one task's stores: bounded reads and writes, no metric logic. */
final class ClientState {
    /** Zones are at most 14 h from UTC, so a day's margin around a date range catches every instant in it. */
    private static final int ZONE_MARGIN_DAYS = 1;

    /** Every write of a record goes through it, so that {@link #rollBack} can undo a record that failed half-way. */
    private final StoreJournal journal = new StoreJournal();

    final JournaledStore<SleepRecord> sleepByNight;
    final JournaledStore<String> sleepNightIndex;
    final JournaledStore<MassageSession> sessionsById;
    final JournaledStore<MassageSession> completedByStart;
    final JournaledStore<String> clientClock;
    final JournaledStore<EmittedState> emitted;
    final JournaledStore<Long> watermark;
    /** Output key → {@link #DASHBOARD} or {@link #NIGHTLY}: what an erasure must send tombstones for. */
    final JournaledStore<String> outputKeys;
    /** The deny list; see {@link ErasedClients}. */
    final JournaledStore<String> erasedClients;

    static final String DASHBOARD = "dashboard";
    static final String NIGHTLY = "nightly";

    ClientState(ProcessorContext<?, ?> context) {
        sleepByNight = store(context, StoreNames.SLEEP_BY_NIGHT);
        sleepNightIndex = store(context, StoreNames.SLEEP_NIGHT_INDEX);
        sessionsById = store(context, StoreNames.SESSIONS_BY_ID);
        completedByStart = store(context, StoreNames.SESSIONS_BY_START);
        clientClock = store(context, StoreNames.CLIENT_CLOCK);
        emitted = store(context, StoreNames.EMITTED);
        watermark = store(context, StoreNames.WATERMARK);
        outputKeys = store(context, StoreNames.OUTPUT_KEYS);
        erasedClients = store(context, StoreNames.ERASED_CLIENTS);
    }

    /** The stores whose keys start with {@code clinicId/clientId/} (and the clock, keyed by the client itself). */
    List<JournaledStore<?>> clientStores() {
        return List.of(sleepByNight, sleepNightIndex, sessionsById, completedByStart, clientClock, emitted, outputKeys);
    }

    /**
     * Notes that an output key was written, once: the output topics keep every key until a tombstone, also after the
     * retention sweep forgot it here, so an erasure needs this list to reach them all.
     */
    void rememberOutput(String key, String topic) {
        if (outputKeys.get(key) == null) {
            outputKeys.put(key, topic);
        }
    }

    private <V> JournaledStore<V> store(ProcessorContext<?, ?> context, String name) {
        KeyValueStore<String, V> store = context.getStateStore(name);
        return new JournaledStore<>(store, journal);
    }

    /** A record's processing starts: its writes are journaled from here. */
    void begin() {
        journal.begin();
    }

    /** The record was processed: its writes stand. */
    void commit() {
        journal.commit();
    }

    /** The record failed: every store is put back as it was at {@link #begin}. */
    void rollBack() {
        journal.rollBack();
    }

    /** Applies a sleep record (insert, replace or delete) and returns the nights whose records changed. */
    List<LocalDate> applySleep(ClientKey client, SleepRecord record) {
        String identity = StoreKeys.sleepIdentity(client, record.getSource(), record.getSourceRecordId());
        List<LocalDate> touched = new ArrayList<>(2);
        String oldNight = sleepNightIndex.get(identity);
        if (oldNight != null) {
            LocalDate night = LocalDate.parse(oldNight);
            sleepByNight.delete(StoreKeys.sleepByNight(client, night, record.getSource(), record.getSourceRecordId()));
            touched.add(night);
        }
        if (record.getDeleted()) {
            if (oldNight != null) {
                sleepNightIndex.delete(identity);
            }
            return touched;
        }
        LocalDate night = Episode.of(record).night();
        sleepByNight.put(StoreKeys.sleepByNight(client, night, record.getSource(), record.getSourceRecordId()), record);
        sleepNightIndex.put(identity, night.toString());
        if (!touched.contains(night)) {
            touched.add(night);
        }
        return touched;
    }

    /** Main sleep of every night in [from, to] that has one. */
    NavigableMap<LocalDate, NightValues> mainSleeps(
            ClientKey client, LocalDate from, LocalDate to, SourcePriority priority) {
        Map<LocalDate, List<Episode>> byNight = new HashMap<>();
        try (KeyValueIterator<String, SleepRecord> it =
                sleepByNight.range(StoreKeys.nightFrom(client, from), StoreKeys.nightTo(client, to))) {
            while (it.hasNext()) {
                Episode episode = Episode.of(it.next().value);
                byNight.computeIfAbsent(episode.night(), n -> new ArrayList<>()).add(episode);
            }
        }
        NavigableMap<LocalDate, NightValues> result = new TreeMap<>();
        byNight.forEach((night, episodes) ->
                MainSleep.select(episodes, priority).ifPresent(main -> result.put(night, NightValues.of(main))));
        return result;
    }

    /** Every live record of one client-night. */
    List<Episode> episodesOf(ClientKey client, LocalDate night) {
        List<Episode> episodes = new ArrayList<>();
        try (KeyValueIterator<String, SleepRecord> it =
                sleepByNight.range(StoreKeys.nightFrom(client, night), StoreKeys.nightTo(client, night))) {
            it.forEachRemaining(kv -> episodes.add(Episode.of(kv.value)));
        }
        return episodes;
    }

    /** Stores the new version of a session; returns the previous version, or null. */
    MassageSession applySession(ClientKey client, MassageSession session) {
        String byId = StoreKeys.sessionById(client, session.getSessionId());
        MassageSession previous = sessionsById.get(byId);
        if (previous != null && previous.getStatus() == SessionStatus.COMPLETED) {
            completedByStart.delete(StoreKeys.sessionByStart(client, previous.getStart(), previous.getSessionId()));
        }
        sessionsById.put(byId, session);
        if (session.getStatus() == SessionStatus.COMPLETED) {
            completedByStart.put(StoreKeys.sessionByStart(client, session.getStart(), session.getSessionId()), session);
        }
        return previous;
    }

    /** The completed session with this id, or null. */
    SessionFacts completedSession(ClientKey client, String sessionId) {
        MassageSession s = sessionsById.get(StoreKeys.sessionById(client, sessionId));
        return s != null && s.getStatus() == SessionStatus.COMPLETED ? SessionFacts.of(s) : null;
    }

    /** Completed sessions whose N0 lies in [from, to], in start order. */
    List<SessionFacts> completedWithFirstNightIn(ClientKey client, LocalDate from, LocalDate to) {
        Instant lo =
                from.minusDays(ZONE_MARGIN_DAYS).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant hi =
                to.plusDays(1 + ZONE_MARGIN_DAYS).atStartOfDay(ZoneOffset.UTC).toInstant();
        return completedStartingIn(
                client,
                lo,
                hi,
                s -> !s.firstNight().isBefore(from) && !s.firstNight().isAfter(to));
    }

    /** Completed sessions starting in [from, to), in start order. */
    List<SessionFacts> completedStartingIn(ClientKey client, Instant from, Instant to, Predicate<SessionFacts> keep) {
        List<SessionFacts> sessions = new ArrayList<>();
        try (KeyValueIterator<String, MassageSession> it =
                completedByStart.range(StoreKeys.startFrom(client, from), StoreKeys.startFrom(client, to))) {
            while (it.hasNext()) {
                KeyValue<String, MassageSession> next = it.next();
                SessionFacts facts = SessionFacts.of(next.value);
                if (facts.start().isBefore(to) && keep.test(facts)) {
                    sessions.add(facts);
                }
            }
        }
        return sessions;
    }

    /** The completed session immediately before {@code session} in start order, or null: one reverse step. */
    SessionFacts previousCompleted(ClientKey client, SessionFacts session) {
        String self = StoreKeys.sessionByStart(client, session.start(), session.sessionId());
        try (KeyValueIterator<String, MassageSession> it =
                completedByStart.reverseRange(StoreKeys.clientPrefix(client), self)) {
            while (it.hasNext()) {
                KeyValue<String, MassageSession> next = it.next();
                if (!next.key.equals(self)) {
                    return SessionFacts.of(next.value);
                }
            }
        }
        return null;
    }

    /** Completed sessions after {@code session} in start order, up to {@code horizon} later. */
    List<SessionFacts> followingCompleted(ClientKey client, SessionFacts session, Duration horizon) {
        String self = StoreKeys.sessionByStart(client, session.start(), session.sessionId());
        List<SessionFacts> following = new ArrayList<>();
        try (KeyValueIterator<String, MassageSession> it = completedByStart.range(
                self, StoreKeys.startFrom(client, session.start().plus(horizon)))) {
            while (it.hasNext()) {
                KeyValue<String, MassageSession> next = it.next();
                if (!next.key.equals(self)) {
                    following.add(SessionFacts.of(next.value));
                }
            }
        }
        return following;
    }

    LocalDate latestNight(ClientKey client) {
        String night = clientClock.get(client.toString());
        return night == null ? null : LocalDate.parse(night);
    }

    void advanceLatestNight(ClientKey client, LocalDate night) {
        clientClock.put(client.toString(), night.toString());
    }
}
