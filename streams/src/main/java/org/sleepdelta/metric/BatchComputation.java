package org.sleepdelta.metric;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.NightlySleep;
import org.sleepdelta.avro.SessionStatus;
import org.sleepdelta.avro.SleepChangeMetric;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.schemas.ClientKey;
import org.sleepdelta.schemas.MetricKey;
import org.sleepdelta.schemas.NightKey;
import org.sleepdelta.schemas.validation.ContractValidator;

/**
 * The metric definition computed over all input at once: the reference the streaming topology must equal.
 * Deliberately simple and whole-history; it shares only the pure rules with the topology, not its bookkeeping.
 */
public final class BatchComputation {
    private BatchComputation() {}

    /**
     * @param sleepRecords in arrival order (only the order of revisions of one record matters)
     * @param sessions     in arrival order (likewise)
     * @return the final dashboard state, every record with revision 0
     */
    public static Map<MetricKey, SleepChangeMetric> compute(
            List<SleepRecord> sleepRecords, List<MassageSession> sessions, MetricSettings settings) {
        Map<ClientKey, Map<String, SleepRecord>> liveRecords = liveRecords(sleepRecords);
        Map<ClientKey, LocalDate> latestNight = latestNights(sleepRecords);
        Map<ClientKey, Map<String, MassageSession>> latestSessions = new HashMap<>();
        for (MassageSession s : sessions) {
            if (ContractValidator.validate(s).isEmpty()) {
                latestSessions
                        .computeIfAbsent(new ClientKey(s.getClinicId(), s.getClientId()), k -> new HashMap<>())
                        .put(s.getSessionId(), s);
            }
        }
        Map<MetricKey, SleepChangeMetric> out = new HashMap<>();
        for (Map.Entry<ClientKey, Map<String, MassageSession>> entry : latestSessions.entrySet()) {
            ClientKey client = entry.getKey();
            List<SessionFacts> completed = entry.getValue().values().stream()
                    .filter(s -> s.getStatus() == SessionStatus.COMPLETED)
                    .map(SessionFacts::of)
                    .sorted(SessionFacts.BY_START)
                    .toList();
            NavigableMap<LocalDate, NightValues> mainSleeps =
                    mainSleeps(liveRecords.getOrDefault(client, Map.of()).values(), settings.sourcePriority());
            for (WindowSpec spec : windows(completed)) {
                List<LocalDate> otherFirstNights = completed.stream()
                        .filter(s -> !s.sessionId().equals(spec.sessionId()))
                        .map(SessionFacts::firstNight)
                        .toList();
                SleepChange change = SleepChangeCalculator.compute(
                        spec,
                        ReferenceNights.of(spec, otherFirstNights),
                        mainSleeps,
                        latestNight.get(client),
                        settings.lateGraceDays());
                out.put(SleepChangeRecords.keyOf(client, spec), SleepChangeRecords.toAvro(client, change, 0));
            }
        }
        return out;
    }

    /** The final nightly-sleep state: each client-night's main sleep, keyed {@code clinicId/clientId/night}. */
    public static Map<String, NightlySleep> nightly(List<SleepRecord> sleepRecords, SourcePriority priority) {
        Map<String, NightlySleep> out = new HashMap<>();
        liveRecords(sleepRecords)
                .forEach((client, records) -> records.values().stream()
                        .map(Episode::of)
                        .collect(Collectors.groupingBy(Episode::night))
                        .forEach((night, episodes) -> NightlyRecords.of(client, night, episodes, priority)
                                .ifPresent(
                                        n -> out.put(NightKey.of(client, night).toString(), n))));
        return out;
    }

    /** The last version of every record that is valid and not deleted, per client. */
    private static Map<ClientKey, Map<String, SleepRecord>> liveRecords(List<SleepRecord> sleepRecords) {
        Map<ClientKey, Map<String, SleepRecord>> live = new HashMap<>();
        for (SleepRecord r : sleepRecords) {
            if (!ContractValidator.validate(r).isEmpty()) {
                continue;
            }
            Map<String, SleepRecord> records =
                    live.computeIfAbsent(new ClientKey(r.getClinicId(), r.getClientId()), k -> new LinkedHashMap<>());
            String identity = r.getSource() + "/" + r.getSourceRecordId();
            if (r.getDeleted()) {
                records.remove(identity);
            } else {
                records.put(identity, r);
            }
        }
        return live;
    }

    /** Each client's data clock: the latest night of any valid, non-deleted record received (revisions included). */
    private static Map<ClientKey, LocalDate> latestNights(List<SleepRecord> sleepRecords) {
        Map<ClientKey, LocalDate> latest = new HashMap<>();
        for (SleepRecord r : sleepRecords) {
            if (!r.getDeleted() && ContractValidator.validate(r).isEmpty()) {
                latest.merge(
                        new ClientKey(r.getClinicId(), r.getClientId()),
                        Episode.of(r).night(),
                        (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        return latest;
    }

    /** Every window of a client's completed sessions, given in start order. */
    static List<WindowSpec> windows(List<SessionFacts> completedInOrder) {
        List<WindowSpec> specs = new ArrayList<>();
        for (int i = 0; i < completedInOrder.size(); i++) {
            SessionFacts session = completedInOrder.get(i);
            specs.add(WindowSpec.night0(session));
            specs.add(WindowSpec.week1(session));
            SessionFacts previous = i == 0 ? null : completedInOrder.get(i - 1);
            if (Courses.opensCourse(session, previous)) {
                int inWindow =
                        Courses.sessionsInWindow(session, completedInOrder.subList(i + 1, completedInOrder.size()));
                specs.add(WindowSpec.course(session, inWindow));
            }
        }
        return specs;
    }

    static NavigableMap<LocalDate, NightValues> mainSleeps(Collection<SleepRecord> live, SourcePriority priority) {
        Map<LocalDate, List<Episode>> byNight =
                live.stream().map(Episode::of).collect(Collectors.groupingBy(Episode::night));
        NavigableMap<LocalDate, NightValues> mainSleeps = new TreeMap<>();
        byNight.forEach((night, episodes) ->
                MainSleep.select(episodes, priority).ifPresent(main -> mainSleeps.put(night, NightValues.of(main))));
        return mainSleeps;
    }
}
