package org.sleepdelta.simulator;

import java.time.LocalDate;
import java.util.List;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.avro.SleepSource;

/**
 * Writes one client's sleep as events: every night's true sleep, as reported by each worn device, with the
 * irregularities of real data (missing nights, naps, late syncs, re-scoring, bogus records later deleted).
 */
final class SleepEventWriter {
    private final SimulationConfig config;

    SleepEventWriter(SimulationConfig config) {
        this.config = config;
    }

    void write(
            ClientProfile p,
            ClientTruth truth,
            ClientNights nights,
            ArrivalPlanner arrivals,
            List<SimulatedEvent> out,
            Tally tally) {
        Rng decide = Rng.stream(config.seed(), p.index(), RandomPurpose.RECORDS);
        DeviceReadings readings = new DeviceReadings(p, Rng.stream(config.seed(), p.index(), RandomPurpose.READINGS));
        Reporter reporter = new Reporter(p, decide, arrivals, out, tally);
        SimulationRates rates = config.rates();
        for (LocalDate night = config.firstNight(); !night.isAfter(config.lastNight()); night = night.plusDays(1)) {
            // Every night has a true value (drawn up front), whether or not a device records it.
            NightValues truthNight = nights.mainSleep(night, truth.effectOn(night), truth.badWeekDipOn(night));
            if (decide.chance(rates.missingNight())) {
                tally.missingNights++;
            } else {
                // After a device change the replacement records, reading total sleep off by its offset.
                NightValues recorded = truth.replacedOn(night)
                        ? truthNight.withTotalSleepOffset((int) truth.deviceChangeOffsetMinutes())
                        : truthNight;
                reporter.report(truth.recordingSourceOn(night), night, RecordIds.Kind.MAIN, recorded, readings);
                tally.mainSleepRecords++;
            }
            if (p.secondarySource() != null) {
                if (decide.chance(rates.missingNight())) {
                    tally.missingNights++;
                } else {
                    reporter.report(
                            p.secondarySource(),
                            night,
                            RecordIds.Kind.MAIN,
                            readings.secondDevice(truthNight),
                            readings);
                    tally.mainSleepRecords++;
                    tally.secondDeviceRecords++;
                }
            }
            if (decide.chance(rates.nap())) {
                reporter.report(
                        truth.recordingSourceOn(night), night, RecordIds.Kind.NAP, readings.nap(night), readings);
                tally.napRecords++;
            }
        }
    }

    /** Emits one reported period and its follow-ups. */
    private final class Reporter {
        private final ClientProfile p;
        private final Rng decide;
        private final ArrivalPlanner arrivals;
        private final List<SimulatedEvent> out;
        private final Tally tally;

        Reporter(ClientProfile p, Rng decide, ArrivalPlanner arrivals, List<SimulatedEvent> out, Tally tally) {
            this.p = p;
            this.decide = decide;
            this.arrivals = arrivals;
            this.out = out;
            this.tally = tally;
        }

        void report(SleepSource source, LocalDate night, RecordIds.Kind kind, NightValues v, DeviceReadings readings) {
            SimulationRates rates = config.rates();
            boolean nap = kind == RecordIds.Kind.NAP;
            String id = RecordIds.sleepRecordId(config.seed(), p.index(), source, night, kind);
            // Whether timeInBed is sent is a property of the vendor's export, so a re-scoring keeps the choice.
            boolean omitTimeInBed = decide.chance(SourceTraits.of(source).timeInBedOmitted());
            boolean late = decide.chance(rates.lateSync());
            SimulatedEvent original = SimulatedEvent.sleep(
                    arrivals.sleepRecord(v.end(), late),
                    EventKind.SLEEP_RECORD,
                    SleepRecordFactory.record(p, source, id, v, nap, omitTimeInBed));
            out.add(original);
            if (late) {
                tally.lateRecords++;
            }
            if (decide.chance(rates.rescore())) {
                SleepRecord revised =
                        SleepRecordFactory.record(p, source, id, readings.rescored(v), nap, omitTimeInBed);
                out.add(SimulatedEvent.sleep(arrivals.rescore(original.arrival()), EventKind.SLEEP_RESCORED, revised));
                tally.rescoredRecords++;
            }
            if (!nap && decide.chance(rates.spurious())) {
                NightValues fragment = readings.spuriousFragment(v);
                String bogusId =
                        RecordIds.sleepRecordId(config.seed(), p.index(), source, night, RecordIds.Kind.SPURIOUS);
                SimulatedEvent bogus = SimulatedEvent.sleep(
                        arrivals.sleepRecord(fragment.end(), false),
                        EventKind.SLEEP_SPURIOUS,
                        SleepRecordFactory.record(p, source, bogusId, fragment, false, false));
                out.add(bogus);
                out.add(SimulatedEvent.sleep(
                        arrivals.deletion(bogus.arrival()),
                        EventKind.SLEEP_DELETION,
                        SleepRecordFactory.deletion(p, source, bogusId)));
                tally.spuriousRecords++;
                tally.deletions++;
            }
        }
    }
}
