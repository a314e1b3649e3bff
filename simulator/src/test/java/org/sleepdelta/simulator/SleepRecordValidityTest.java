package org.sleepdelta.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.avro.SleepSource;

class SleepRecordValidityTest {

    private static final Simulation COHORT = Cohorts.defaultCohort();

    @Test
    void everyEventOfTheDefaultCohortObeysTheContract() {
        List<String> problems = new ArrayList<>();
        for (SimulatedEvent e : COHORT.events()) {
            List<String> p = e.isSleepRecord()
                    ? ContractRules.problems(e.sleepRecord())
                    : ContractRules.problems(e.massageSession());
            if (!p.isEmpty()) {
                problems.add(e + " -> " + p);
            }
        }
        assertThat(problems).isEmpty();
    }

    @Property(tries = 60)
    void anyConfigurationProducesOnlyValidRecords(
            @ForAll @LongRange(min = -1_000_000, max = 1_000_000) long seed,
            @ForAll @IntRange(min = 1, max = 6) int clients,
            @ForAll @IntRange(min = 1, max = 90) int nights,
            @ForAll @IntRange(min = 0, max = 40_000) int lastNightDay,
            @ForAll @DoubleRange(min = 0, max = 1) double rate) {
        // One rate for every irregularity, up to 1: even "everything goes wrong" must stay within the contract.
        SimulationRates rates = new SimulationRates(rate, rate, rate, rate, rate, rate, rate);
        SimulationConfig config = SimulationConfig.builder(LocalDate.ofEpochDay(lastNightDay))
                .clients(clients)
                .nights(nights)
                .seed(seed)
                .rates(rates)
                .build();

        Simulation s = CohortSimulator.simulate(config);

        for (SimulatedEvent e : s.events()) {
            List<String> p = e.isSleepRecord()
                    ? ContractRules.problems(e.sleepRecord())
                    : ContractRules.problems(e.massageSession());
            assertThat(p).as(e.toString()).isEmpty();
            if (e.kind() == EventKind.SLEEP_RECORD) {
                assertThat(ContractRules.nightOf(e.sleepRecord())).isBetween(config.firstNight(), config.lastNight());
            }
        }
    }

    @Test
    void everyPeriodFallsOnASimulatedNightEvenAcrossDaylightSavingChanges() {
        SimulationConfig config = COHORT.config();
        for (Clinic c : config.clinics()) {
            if (!c.zone().getId().equals("Asia/Tokyo")) {
                assertThat(c.zone()
                                .getRules()
                                .nextTransition(config.firstNight()
                                        .atStartOfDay(c.zone())
                                        .toInstant())
                                .getInstant())
                        .as("the default period includes a clock change in " + c.zone())
                        .isBefore(config.lastNight().atStartOfDay(c.zone()).toInstant());
            }
        }
        for (SimulatedEvent e : COHORT.events()) {
            if (e.kind() == EventKind.SLEEP_RECORD) {
                assertThat(ContractRules.nightOf(e.sleepRecord())).isBetween(config.firstNight(), config.lastNight());
            }
        }
    }

    @Test
    void eachClientHasAtMostOneMainSleepPerSourceAndNight() {
        Map<String, Integer> perNight = new HashMap<>();
        for (SleepRecord r : FinalState.of(COHORT.events()).sleepRecords()) {
            if (ContractRules.minutesInBed(r) > 150) {
                perNight.merge(r.getClientId() + r.getSource() + ContractRules.nightOf(r), 1, Integer::sum);
            }
        }
        assertThat(perNight.values()).allMatch(n -> n == 1);
    }

    @Test
    void sourceRecordIdsAreUniquePerSourceAndReusedOnlyByRescoring() {
        Set<String> originals = new HashSet<>();
        for (SimulatedEvent e : COHORT.events()) {
            if (!e.isSleepRecord()) {
                continue;
            }
            String identity = FinalState.identity(e.sleepRecord());
            if (e.kind() == EventKind.SLEEP_RECORD || e.kind() == EventKind.SLEEP_SPURIOUS) {
                assertThat(originals.add(identity))
                        .as("duplicate id " + identity)
                        .isTrue();
            } else {
                assertThat(originals)
                        .as(e.kind() + " must refer to an earlier record")
                        .contains(identity);
            }
        }
    }

    @Test
    void clientIdsArePseudonymsAndEveryClientSleepsInTheirClinicsZone() {
        Map<String, ZoneId> zoneOfClinic =
                COHORT.config().clinics().stream().collect(Collectors.toMap(Clinic::id, Clinic::zone));
        for (SimulatedEvent e : COHORT.events()) {
            if (e.isSleepRecord() && !e.sleepRecord().getDeleted()) {
                SleepRecord r = e.sleepRecord();
                assertThat(r.getClientId()).matches("c\\d{4}");
                assertThat(r.getTimezone())
                        .isEqualTo(zoneOfClinic.get(r.getClinicId()).getId());
            }
        }
    }

    @Test
    void mainSleepFlagIsTrueOnMainSleepsFalseOnNapsAndNullForSourcesWithoutIt() {
        for (SimulatedEvent e : COHORT.events()) {
            if (e.kind() != EventKind.SLEEP_RECORD) {
                continue;
            }
            SleepRecord r = e.sleepRecord();
            boolean nap = ContractRules.minutesInBed(r) < 150;
            if (SourceTraits.of(r.getSource()).setsMainSleep()) {
                assertThat(r.getMainSleep()).as(r.toString()).isEqualTo(!nap);
            } else {
                assertThat(r.getMainSleep()).as(r.toString()).isNull();
            }
        }
    }

    @Test
    void sourcesLeaveOutWhatTheyDoNotMeasure() {
        List<SleepRecord> records = COHORT.stream()
                .filter(e -> e.kind() == EventKind.SLEEP_RECORD)
                .map(SimulatedEvent::sleepRecord)
                .collect(Collectors.toList());

        assertThat(records)
                .filteredOn(r -> r.getSource() == SleepSource.WITHINGS)
                .isNotEmpty()
                .allMatch(r -> r.getHrvRmssdMs() == null);
        assertThat(records)
                .filteredOn(r -> r.getSource() == SleepSource.APPLE_HEALTH)
                .isNotEmpty()
                .allMatch(r -> r.getHrvRmssdMs() == null, "Apple's HRV is SDNN, never sent as RMSSD");
        assertThat(records)
                .filteredOn(r -> r.getSource() == SleepSource.OPEN_MHEALTH)
                .isNotEmpty()
                .allMatch(r -> r.getDeepMinutes() == null && r.getRemMinutes() == null);
        assertThat(records)
                .filteredOn(r -> r.getSource() == SleepSource.OURA)
                .isNotEmpty()
                .allMatch(r -> r.getHrvRmssdMs() != null && r.getDeepMinutes() != null);
        long withoutTimeInBed =
                records.stream().filter(r -> r.getTimeInBedMinutes() == null).count();
        assertThat(withoutTimeInBed)
                .as("records leaving time in bed to be derived")
                .isBetween(records.size() / 50L, records.size() / 3L);
    }

    @Test
    void primarySourcesAreSpreadOverTheSevenVendors() {
        Map<SleepSource, Long> primaries = COHORT.groundTruth().clients().stream()
                .collect(Collectors.groupingBy(ClientTruth::primarySource, Collectors.counting()));

        assertThat(primaries.keySet())
                .containsExactlyInAnyOrder(
                        SleepSource.OURA,
                        SleepSource.FITBIT,
                        SleepSource.GARMIN,
                        SleepSource.WITHINGS,
                        SleepSource.APPLE_HEALTH,
                        SleepSource.HEALTH_CONNECT,
                        SleepSource.OPEN_MHEALTH);
        assertThat(COHORT.counts().clientsWithSecondDevice()).isBetween(15, 50);
    }

    @Test
    void secondDeviceRecordsTheSameNightsWithSlightlyDifferentValues() {
        Map<String, SleepRecord> primaryByNight = new HashMap<>();
        List<double[]> pairs = new ArrayList<>();
        for (SleepRecord r : FinalState.of(COHORT.events()).sleepRecords()) {
            ClientTruth t = COHORT.groundTruth().client(r.getClinicId(), r.getClientId());
            if (t.secondarySource() != null
                    && ContractRules.minutesInBed(r) > 150
                    && r.getSource() == t.primarySource()) {
                primaryByNight.put(r.getClientId() + ContractRules.nightOf(r), r);
            }
        }
        for (SleepRecord r : FinalState.of(COHORT.events()).sleepRecords()) {
            ClientTruth t = COHORT.groundTruth().client(r.getClinicId(), r.getClientId());
            SleepRecord primary = primaryByNight.get(r.getClientId() + ContractRules.nightOf(r));
            if (r.getSource() == t.secondarySource() && ContractRules.minutesInBed(r) > 150 && primary != null) {
                assertThat(r.getSourceRecordId()).isNotEqualTo(primary.getSourceRecordId());
                pairs.add(new double[] {primary.getTotalSleepMinutes(), r.getTotalSleepMinutes()});
            }
        }
        assertThat(pairs).hasSizeGreaterThan(1000);
        double meanAbsDiff =
                pairs.stream().mapToDouble(p -> Math.abs(p[0] - p[1])).average().orElseThrow();
        assertThat(meanAbsDiff).as("devices disagree, but only slightly").isBetween(3.0, 30.0);
    }
}
