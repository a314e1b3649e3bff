package org.sleepdelta.benchmarks;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.metric.Episode;
import org.sleepdelta.metric.MainSleep;
import org.sleepdelta.metric.SourcePriority;

/**
 * A night's main sleep: {@code MainSleep.select} over one client-night's live episodes (a night of one record, and
 * a night of three: two devices' main sleeps and a nap), and {@code Episode.of}, which the topology calls for every
 * stored record it reads and which resolves the record's time zone each time.
 *
 * <p>Baselines: for selection, one plain loop over the same night picking its longest episode (the least any rule
 * does); for {@code Episode.of}, the same record with its zone resolved once in advance, so the ratio is the cost
 * of {@code ZoneId.of}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MainSleepBenchmark {
    private static final int SAMPLES = 512;

    private final SourcePriority priority = SourcePriority.defaultOrder();
    private RoundRobin<List<Episode>> oneRecordNights;
    private RoundRobin<List<Episode>> threeRecordNights;
    private RoundRobin<RecordWithZone> records;

    /** A record and its zone, resolved in setup. */
    private record RecordWithZone(SleepRecord record, ZoneId zone) {}

    @Setup
    public void setUp() {
        List<SleepRecord> live = SimulatedCohort.get().liveSleepRecords();
        Map<String, List<Episode>> byClientNight = new HashMap<>();
        List<String> order = new ArrayList<>();
        List<RecordWithZone> withZones = new ArrayList<>();
        for (SleepRecord r : live) {
            Episode e = Episode.of(r);
            LocalDate night = e.night();
            String clientNight = r.getClinicId() + "/" + r.getClientId() + "/" + night;
            byClientNight
                    .computeIfAbsent(clientNight, k -> {
                        order.add(k);
                        return new ArrayList<>();
                    })
                    .add(e);
            if (withZones.size() < SAMPLES) {
                withZones.add(new RecordWithZone(r, e.zone()));
            }
        }
        List<List<Episode>> ones = new ArrayList<>();
        List<List<Episode>> threes = new ArrayList<>();
        for (String clientNight : order) {
            List<Episode> night = byClientNight.get(clientNight);
            if (night.size() == 1 && ones.size() < SAMPLES) {
                ones.add(List.copyOf(night));
            } else if (night.size() == 3 && night.stream().anyMatch(e -> Boolean.FALSE.equals(e.mainSleep()))) {
                threes.add(List.copyOf(night));
            }
        }
        oneRecordNights = new RoundRobin<>(ones);
        threeRecordNights = new RoundRobin<>(threes);
        records = new RoundRobin<>(withZones);
    }

    @Benchmark
    public Episode oneRecordNightLongestLoop() {
        return longest(oneRecordNights.next());
    }

    @Benchmark
    public Optional<Episode> oneRecordNightSelect() {
        return MainSleep.select(oneRecordNights.next(), priority);
    }

    @Benchmark
    public Episode threeRecordNightLongestLoop() {
        return longest(threeRecordNights.next());
    }

    @Benchmark
    public Optional<Episode> threeRecordNightSelect() {
        return MainSleep.select(threeRecordNights.next(), priority);
    }

    @Benchmark
    public Episode episodeOfZoneResolvedOnce() {
        RecordWithZone next = records.next();
        SleepRecord r = next.record();
        return new Episode(
                r.getSource(),
                r.getSourceRecordId(),
                r.getSleepStart(),
                r.getSleepEnd(),
                next.zone(),
                r.getTotalSleepMinutes(),
                r.getMainSleep(),
                r.getTimeInBedMinutes(),
                r.getSleepLatencyMinutes(),
                r.getWasoMinutes(),
                r.getAwakenings(),
                r.getDeepMinutes(),
                r.getRemMinutes(),
                r.getRestingHeartRateBpm(),
                r.getHrvRmssdMs());
    }

    @Benchmark
    public Episode episodeOf() {
        return Episode.of(records.next().record());
    }

    private static Episode longest(List<Episode> night) {
        Episode longest = night.get(0);
        for (int i = 1; i < night.size(); i++) {
            if (night.get(i).totalSleepMinutes() > longest.totalSleepMinutes()) {
                longest = night.get(i);
            }
        }
        return longest;
    }
}
