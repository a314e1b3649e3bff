package org.sleepdelta.streams;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
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

/**
 * The topology's view of one task's stores: bounded reads and writes, no metric logic. What the metric reads per
 * input (main sleeps, completed sessions, the data clock, what was emitted) comes from a {@link ClientView} of the
 * client, decoded once and kept in step with every write here; the stores stay the truth, and the views are dropped
 * whenever they might not match them (a record undone, a sweep, an erasure) and rebuilt from the stores when needed.
 */
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

    private final SourcePriority priority;
    private final ClientViews views;
    /** The watermark store's values, read once: it is read two or three times per input. */
    private final Map<String, Long> watermarks = new HashMap<>();

    ClientState(ProcessorContext<?, ?> context, SourcePriority priority, long viewBytes) {
        this.priority = priority;
        this.views = new ClientViews(viewBytes);
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

    /** The record was processed: its writes stand; the client's view is counted against the cache's bound. */
    void commit(ClientKey client) {
        journal.commit();
        if (client != null) {
            views.settle(client);
        }
    }

    /** The record failed: every store is put back as it was at {@link #begin}, and what was read from them forgotten. */
    void rollBack() {
        journal.rollBack();
        forgetViews();
    }

    /** Drops every cached view (after writes that bypassed them: an undo); they are rebuilt on demand. */
    void forgetViews() {
        views.clear();
        watermarks.clear();
    }

    /** Drops one client's view (after an erasure or the retention sweep deleted some of its state). */
    void forgetView(ClientKey client) {
        views.forget(client);
    }

    ClientViews views() {
        return views;
    }

    private ClientView view(ClientKey client) {
        return views.get(client, this::load);
    }

    /** One pass over the client's nights and completed sessions: the cost of a client not in the cache. */
    private ClientView load(ClientKey client) {
        ClientView view = new ClientView();
        String from = StoreKeys.clientPrefix(client);
        String to = from + StoreKeys.END;
        Map<LocalDate, List<Episode>> byNight = new LinkedHashMap<>();
        try (KeyValueIterator<String, SleepRecord> it = sleepByNight.range(from, to)) {
            while (it.hasNext()) {
                Episode episode = Episode.of(it.next().value);
                byNight.computeIfAbsent(episode.night(), n -> new ArrayList<>()).add(episode);
            }
        }
        byNight.forEach((night, episodes) -> MainSleep.select(episodes, priority)
                .ifPresent(main -> view.mainSleeps.put(night, NightValues.of(main))));
        try (KeyValueIterator<String, MassageSession> it = completedByStart.range(from, to)) {
            while (it.hasNext()) {
                KeyValue<String, MassageSession> next = it.next();
                SessionFacts facts = SessionFacts.of(next.value);
                view.completedByStart.put(next.key, facts);
                view.completedById.put(facts.sessionId(), facts);
            }
        }
        String night = clientClock.get(client.toString());
        view.latestNight = night == null ? null : LocalDate.parse(night);
        return view;
    }

    /** What a sleep record changed: each touched night's live records now, and the nights whose main sleep changed. */
    record AppliedSleep(Map<LocalDate, List<Episode>> touched, List<LocalDate> mainChanged) {}

    /** Applies a sleep record (insert, replace or delete). */
    AppliedSleep applySleep(ClientKey client, SleepRecord record) {
        ClientView view = view(client);
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
        } else {
            LocalDate night = Episode.of(record).night();
            sleepByNight.put(
                    StoreKeys.sleepByNight(client, night, record.getSource(), record.getSourceRecordId()), record);
            sleepNightIndex.put(identity, night.toString());
            if (!touched.contains(night)) {
                touched.add(night);
            }
        }
        Map<LocalDate, List<Episode>> episodes = new LinkedHashMap<>();
        List<LocalDate> mainChanged = new ArrayList<>(touched.size());
        for (LocalDate night : touched) {
            List<Episode> ofNight = episodesOf(client, night);
            episodes.put(night, ofNight);
            NightValues main =
                    MainSleep.select(ofNight, priority).map(NightValues::of).orElse(null);
            NightValues before = main == null ? view.mainSleeps.remove(night) : view.mainSleeps.put(night, main);
            if (!Objects.equals(before, main)) {
                mainChanged.add(night);
            }
        }
        return new AppliedSleep(episodes, mainChanged);
    }

    /**
     * The client's main sleep per night, covering at least [from, to] (the whole view: callers take the nights they
     * need from it). Not to be kept past the record: it changes with the client's state.
     */
    NavigableMap<LocalDate, NightValues> mainSleeps(ClientKey client, LocalDate from, LocalDate to) {
        return view(client).mainSleeps;
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
        ClientView view = view(client);
        String byId = StoreKeys.sessionById(client, session.getSessionId());
        MassageSession previous = sessionsById.get(byId);
        if (previous != null && previous.getStatus() == SessionStatus.COMPLETED) {
            String byStart = StoreKeys.sessionByStart(client, previous.getStart(), previous.getSessionId());
            completedByStart.delete(byStart);
            view.completedByStart.remove(byStart);
            view.completedById.remove(previous.getSessionId());
        }
        sessionsById.put(byId, session);
        if (session.getStatus() == SessionStatus.COMPLETED) {
            String byStart = StoreKeys.sessionByStart(client, session.getStart(), session.getSessionId());
            completedByStart.put(byStart, session);
            SessionFacts facts = SessionFacts.of(session);
            view.completedByStart.put(byStart, facts);
            view.completedById.put(facts.sessionId(), facts);
        }
        return previous;
    }

    /** The completed session with this id, or null. */
    SessionFacts completedSession(ClientKey client, String sessionId) {
        return view(client).completedById.get(sessionId);
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
        for (SessionFacts facts : view(client)
                .completedByStart
                .subMap(StoreKeys.startFrom(client, from), true, StoreKeys.startFrom(client, to), true)
                .values()) {
            if (facts.start().isBefore(to) && keep.test(facts)) {
                sessions.add(facts);
            }
        }
        return sessions;
    }

    /** The completed session immediately before {@code session} in start order, or null. */
    SessionFacts previousCompleted(ClientKey client, SessionFacts session) {
        Map.Entry<String, SessionFacts> previous = view(client)
                .completedByStart
                .lowerEntry(StoreKeys.sessionByStart(client, session.start(), session.sessionId()));
        return previous == null ? null : previous.getValue();
    }

    /** Completed sessions after {@code session} in start order, up to {@code horizon} later. */
    List<SessionFacts> followingCompleted(ClientKey client, SessionFacts session, Duration horizon) {
        String self = StoreKeys.sessionByStart(client, session.start(), session.sessionId());
        return new ArrayList<>(view(client)
                .completedByStart
                .subMap(self, false, StoreKeys.startFrom(client, session.start().plus(horizon)), true)
                .values());
    }

    /** The earliest N0 of the client's completed sessions, or null: where "every session so far" begins. */
    LocalDate firstSessionNight(ClientKey client) {
        LocalDate first = null;
        for (SessionFacts s : view(client).completedById.values()) {
            if (first == null || s.firstNight().isBefore(first)) {
                first = s.firstNight();
            }
        }
        return first;
    }

    LocalDate latestNight(ClientKey client) {
        return view(client).latestNight;
    }

    void advanceLatestNight(ClientKey client, LocalDate night) {
        clientClock.put(client.toString(), night.toString());
        view(client).latestNight = night;
    }

    /** What was last emitted for the key, from the view; read from the store when the view does not know it. */
    LastEmitted lastEmitted(ClientKey client, String key) {
        ClientView view = view(client);
        ClientView.EmittedSummary summary = view.emitted.get(key);
        if (summary != null) {
            return new LastEmitted(summary, null);
        }
        EmittedState stored = emitted.get(key);
        if (stored == null) {
            return null;
        }
        summary = new ClientView.EmittedSummary(stored.revision(), stored.firstNight(), stored.live(), null);
        view.emitted.put(key, summary);
        return new LastEmitted(summary, stored);
    }

    /**
     * The last emission of a key; {@code stored} is set when it was just read from the store (the record then is at
     * hand to compare), null when it came from the view.
     */
    record LastEmitted(ClientView.EmittedSummary summary, EmittedState stored) {}

    /** Records an emission (or tombstone); {@code fingerprint} is the change's digest, or null when unknown. */
    void putEmitted(ClientKey client, String key, EmittedState state, ChangeFingerprint fingerprint) {
        emitted.put(key, state);
        view(client)
                .emitted
                .put(
                        key,
                        new ClientView.EmittedSummary(state.revision(), state.firstNight(), state.live(), fingerprint));
    }

    /** Learns the digest of what the key shows, after comparing it with the stored record. */
    void knowEmitted(ClientKey client, String key, ClientView.EmittedSummary summary, ChangeFingerprint fingerprint) {
        view(client)
                .emitted
                .put(
                        key,
                        new ClientView.EmittedSummary(
                                summary.revision(), summary.firstNight(), summary.live(), fingerprint));
    }

    /** This task's event-time watermark of one input topic, as stored (unbounded), or null. */
    Long watermark(String topic) {
        return watermarks.computeIfAbsent(topic, watermark::get);
    }

    void advanceWatermark(String topic, long eventTime) {
        watermark.put(topic, eventTime);
        watermarks.put(topic, eventTime);
    }
}
