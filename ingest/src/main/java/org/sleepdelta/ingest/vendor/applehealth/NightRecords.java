package org.sleepdelta.ingest.vendor.applehealth;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.ingest.vendor.AdapterContext;
import org.sleepdelta.ingest.vendor.Vendor;
import org.sleepdelta.ingest.vendor.support.CanonicalRecords;
import org.sleepdelta.ingest.vendor.support.ValidatingEmitter;

/**
 * Turns a ready night into canonical records: picks one source for the whole night ({@link SourceRank}), makes one
 * record per period of that source — the longest is the main sleep, the others (naps) are not — and sends them.
 * <p>
 * Ids are the night and the period: {@code 2026-03-02.main} for the main sleep and {@code 2026-03-02.nap.1420} for a
 * nap starting at 14:20 local time, so a later export of the same nights replaces rather than duplicates. If a better
 * source for a night already sent turns up later in the file, the night is sent again under the same ids and any id
 * it no longer has is withdrawn; a worse one is ignored. The main sleep carries the resting heart rate of the day the
 * client woke up ({@link RestingHeartRates}); HRV is never set, because Apple exports SDNN and the contract's HRV is
 * RMSSD.
 */
final class NightRecords implements NightAssembler.Nights {
    private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HHmm", Locale.ROOT);
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

    private final AdapterContext context;
    private final ZoneId zone;
    private final ValidatingEmitter out;
    private final EmittedNights sent = new EmittedNights();
    private final RestingHeartRates restingHeartRates = new RestingHeartRates();

    NightRecords(AdapterContext context, ValidatingEmitter out) {
        this.context = context;
        this.zone = context.timezone();
        this.out = out;
    }

    @Override
    public void ready(LocalDate night, Map<String, List<Cluster>> periodsBySource) {
        Map<SourceRank, List<PeriodMeasures>> candidates = new HashMap<>();
        for (Map.Entry<String, List<Cluster>> source : periodsBySource.entrySet()) {
            List<PeriodMeasures> periods = new ArrayList<>();
            boolean watch = false;
            for (Cluster c : source.getValue()) {
                PeriodMeasures p = PeriodMeasures.of(c.segments());
                if (p != null) {
                    periods.add(p);
                }
                watch |= c.segments().stream().anyMatch(Segment::watch);
            }
            if (!periods.isEmpty()) {
                Duration asleep = periods.stream().map(PeriodMeasures::asleep).reduce(Duration.ZERO, Duration::plus);
                boolean staged = periods.stream().anyMatch(PeriodMeasures::staged);
                candidates.put(new SourceRank(source.getKey(), staged, watch, asleep), periods);
            }
        }
        EmittedNights.Night previous = sent.get(night);
        if (candidates.isEmpty()) {
            if (previous == null) {
                out.problem(
                        "night " + night,
                        "value",
                        "no source recorded sleep, only in-bed or awake time, so total sleep is unknown");
            }
            return;
        }
        SourceRank best = SourceRank.best(candidates.keySet());
        // A night already sent is re-sent only if this source beats the one it was sent from.
        if (previous == null || SourceRank.best(List.of(previous.rank(), best)).equals(best)) {
            send(night, best, candidates.get(best), previous);
        }
    }

    /** A resting heart rate sample; improves the main sleep of a night already sent if it changes its value. */
    void restingHeartRate(LocalDate day, String sourceName, double bpm) {
        restingHeartRates.add(day, sourceName, bpm);
        for (LocalDate night : List.of(day.minusDays(1), day)) {
            EmittedNights.Night n = sent.get(night);
            if (n == null || n.main() == null || !wakeDay(n.main()).equals(day)) {
                continue;
            }
            Double value = restingHeartRates.forWakeDay(day, n.rank().sourceName());
            if (!Objects.equals(value, n.main().getRestingHeartRateBpm())) {
                SleepRecord updated = SleepRecord.newBuilder(n.main())
                        .setRestingHeartRateBpm(value)
                        .build();
                if (out.emit(location(night, null), updated)) {
                    sent.put(night, new EmittedNights.Night(n.rank(), n.ids(), updated));
                }
            }
        }
    }

    private void send(LocalDate night, SourceRank source, List<PeriodMeasures> periods, EmittedNights.Night previous) {
        periods.sort(Comparator.comparing(PeriodMeasures::start));
        PeriodMeasures main = periods.stream()
                .max(Comparator.comparing(PeriodMeasures::length)
                        .thenComparing(PeriodMeasures::start, Comparator.reverseOrder()))
                .orElseThrow();
        List<String> ids = new ArrayList<>();
        SleepRecord mainRecord = null;
        for (PeriodMeasures p : periods) {
            boolean isMain = p == main;
            String id = isMain
                    ? night + ".main"
                    : night + ".nap." + HHMM.format(p.start().atZone(zone));
            Double restingHeartRate = isMain
                    ? restingHeartRates.forWakeDay(p.end().atZone(zone).toLocalDate(), source.sourceName())
                    : null;
            SleepRecord record = record(id, p, isMain, restingHeartRate);
            ids.add(id);
            if (out.emit(location(night, isMain ? null : p), record) && isMain) {
                mainRecord = record;
            }
        }
        if (previous != null) {
            for (String old : previous.ids()) {
                if (!ids.contains(old)) {
                    out.emit("night " + night, CanonicalRecords.deletion(context, Vendor.APPLE_HEALTH, old));
                }
            }
        }
        sent.put(night, new EmittedNights.Night(source, List.copyOf(ids), mainRecord));
    }

    private SleepRecord record(String id, PeriodMeasures p, boolean main, Double restingHeartRate) {
        return CanonicalRecords.period(context, Vendor.APPLE_HEALTH, id, p.start(), p.end())
                .setTotalSleepMinutes(p.totalSleepMinutes())
                .setMainSleep(main)
                .setTimeInBedMinutes(p.timeInBedMinutes())
                .setSleepLatencyMinutes(p.latencyMinutes())
                .setWasoMinutes(p.wasoMinutes())
                .setAwakenings(p.awakenings())
                .setDeepMinutes(p.deepMinutes())
                .setRemMinutes(p.remMinutes())
                .setLightMinutes(p.lightMinutes())
                .setRestingHeartRateBpm(restingHeartRate)
                .build();
    }

    private LocalDate wakeDay(SleepRecord main) {
        return main.getSleepEnd().atZone(zone).toLocalDate();
    }

    private String location(LocalDate night, PeriodMeasures nap) {
        return nap == null
                ? "night " + night + " (main sleep)"
                : "night " + night + " (period from " + HH_MM.format(nap.start().atZone(zone)) + ")";
    }
}
