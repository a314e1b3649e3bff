package org.sleepdelta.benchmarks;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.SleepChangeMetric;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.metric.BatchComputation;
import org.sleepdelta.metric.MetricSettings;
import org.sleepdelta.schemas.MetricKey;
import org.sleepdelta.schemas.validation.ContractValidator;
import org.sleepdelta.simulator.CohortSimulator;
import org.sleepdelta.simulator.Simulation;
import org.sleepdelta.simulator.SimulationConfig;

/**
 * The inputs every benchmark draws from: the simulated cohort the demo and the streams tests feed (naps, second
 * devices, late syncs, re-scoring, deleted fragments), with a fixed seed and last night so every run measures the
 * same records.
 */
public final class SimulatedCohort {
    public static final int CLIENTS = 40;
    public static final int NIGHTS = 180;
    private static final LocalDate LAST_NIGHT = LocalDate.of(2025, 6, 30);

    private final List<SleepRecord> sleepRecords;
    private final List<MassageSession> sessions;
    private final List<SleepRecord> liveSleepRecords;

    private SimulatedCohort(Simulation simulation) {
        sleepRecords = simulation.sleepRecords().stream()
                .filter(r -> ContractValidator.validate(r).isEmpty())
                .toList();
        sessions = simulation.massageSessions().stream()
                .filter(s -> ContractValidator.validate(s).isEmpty())
                .toList();
        liveSleepRecords = live(sleepRecords);
    }

    /** Simulated once per JVM: a forked run pays for it once per fork, the smoke test once for every benchmark. */
    public static SimulatedCohort get() {
        return Holder.COHORT;
    }

    /** Every valid sleep record in arrival order, revisions and deletions included: what the input topic carries. */
    public List<SleepRecord> sleepRecords() {
        return sleepRecords;
    }

    /** Every valid session event in arrival order. */
    public List<MassageSession> sessions() {
        return sessions;
    }

    /** The last version of each record, deleted ones left out: what the metric sees. */
    public List<SleepRecord> liveSleepRecords() {
        return liveSleepRecords;
    }

    /** The dashboard's final state for this cohort, in key order: realistic outputs, every window type. */
    public List<SleepChangeMetric> metrics() {
        Map<MetricKey, SleepChangeMetric> out =
                BatchComputation.compute(sleepRecords, sessions, MetricSettings.defaults());
        return out.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(MetricKey::toString)))
                .map(Map.Entry::getValue)
                .toList();
    }

    private static List<SleepRecord> live(List<SleepRecord> inArrivalOrder) {
        Map<String, SleepRecord> live = new LinkedHashMap<>();
        for (SleepRecord r : inArrivalOrder) {
            String identity =
                    r.getClinicId() + "/" + r.getClientId() + "/" + r.getSource() + "/" + r.getSourceRecordId();
            if (r.getDeleted()) {
                live.remove(identity);
            } else {
                live.put(identity, r);
            }
        }
        return new ArrayList<>(live.values());
    }

    private static final class Holder {
        static final SimulatedCohort COHORT =
                new SimulatedCohort(CohortSimulator.simulate(SimulationConfig.builder(LAST_NIGHT)
                        .clients(CLIENTS)
                        .nights(NIGHTS)
                        .seed(SimulationConfig.DEFAULT_SEED)
                        .build()));
    }
}
