package org.sleepdelta.ingest.vendor.applehealth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sleepdelta.ingest.vendor.applehealth.ExportXml.WATCH;
import static org.sleepdelta.ingest.vendor.applehealth.ExportXml.WATCH_DEVICE;

import java.io.ByteArrayInputStream;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.ingest.vendor.AdapterContext;
import org.sleepdelta.ingest.vendor.CollectingSink;
import org.sleepdelta.ingest.vendor.Problem;

/**
 * export.xml is only roughly in time order, and sources (and record types) may come in separate blocks of the file.
 * Whatever the order, the nights must end up the same.
 */
class ExportOrderTest {
    private static final AdapterContext CLIENT = new AdapterContext("clinic-berlin", "c0001", ExportXml.BERLIN);
    private static final LocalDate FIRST = LocalDate.of(2026, 1, 5);

    private static CollectingSink normalise(ExportXml export) throws Exception {
        CollectingSink sink = new CollectingSink();
        new AppleHealthAdapter().normalise(new ByteArrayInputStream(export.bytes()), CLIENT, sink);
        return sink;
    }

    private static ExportXml watchBlock(ExportXml export, int nights) {
        for (int i = 0; i < nights; i++) {
            export.watchNight(FIRST.plusDays(i));
        }
        return export;
    }

    private static ExportXml phoneBlock(ExportXml export, int nights) {
        for (int i = 0; i < nights; i++) {
            export.phoneNight(FIRST.plusDays(i));
        }
        return export;
    }

    /** The Watch night of ExportXml.watchNight: asleep 110 + 60 + 120 + 60 + 110 = 460, deep 60. */
    private static void assertWatchNight(SleepRecord r) {
        assertThat(r.getTotalSleepMinutes()).isEqualTo(460.0);
        assertThat(r.getDeepMinutes()).isEqualTo(60.0);
        assertThat(r.getTimeInBedMinutes()).isEqualTo(480.0); // 23:00 -> 07:00
    }

    @Test
    void watchBlockThenPhoneBlockKeepsTheWatchNightsAndSendsEachNightOnce() throws Exception {
        // given all Watch sleep first, then all iPhone sleep for the same five nights
        ExportXml export = phoneBlock(watchBlock(new ExportXml(), 5), 5);

        // when
        CollectingSink sink = normalise(export);

        // then
        assertThat(sink.records)
                .extracting(SleepRecord::getSourceRecordId)
                .containsExactlyInAnyOrder(
                        "2026-01-05.main", "2026-01-06.main", "2026-01-07.main", "2026-01-08.main", "2026-01-09.main");
        assertThat(sink.records).allSatisfy(ExportOrderTest::assertWatchNight);
        assertThat(sink.problems).isEmpty();
    }

    @Test
    void phoneBlockThenWatchBlockEndsWithTheWatchNightsUnderTheSameIds() throws Exception {
        // given all iPhone sleep first, then all Watch sleep
        ExportXml export = watchBlock(phoneBlock(new ExportXml(), 5), 5);

        // when
        Map<String, SleepRecord> state = normalise(export).finalState();

        // then a night first sent from the iPhone is re-sent from the Watch under the same id
        assertThat(state).hasSize(5);
        assertThat(state.values()).allSatisfy(ExportOrderTest::assertWatchNight);
    }

    @Test
    void napOfAPhoneNightIsWithdrawnWhenTheWatchLaterTakesTheNight() throws Exception {
        // given the iPhone's nap and night on 5 January (and three more nights), then the Watch's nights
        ExportXml export = new ExportXml().phoneNap(FIRST);
        watchBlock(phoneBlock(export, 4), 4);

        // when
        CollectingSink sink = normalise(export);

        // then one source per night: the Watch's night replaces the iPhone's, and the iPhone's nap is withdrawn
        assertThat(sink.records).anySatisfy(r -> {
            assertThat(r.getSourceRecordId()).isEqualTo("2026-01-05.nap.1400");
            assertThat(r.getDeleted()).isTrue();
        });
        assertThat(sink.finalState())
                .containsOnlyKeys("2026-01-05.main", "2026-01-06.main", "2026-01-07.main", "2026-01-08.main");
    }

    @Test
    void restingHeartRatesWrittenAfterTheSleepStillReachTheirNights() throws Exception {
        // given four Watch nights, then (as Apple writes quantity types in their own block) the Watch's resting
        // heart rates for the four wake-up days: 51, 52, 53, 54
        ExportXml export = watchBlock(new ExportXml(), 4);
        for (int i = 0; i < 4; i++) {
            export.restingHeartRate(WATCH, FIRST.plusDays(i + 1), 51 + i);
        }

        // when
        Map<String, SleepRecord> state = normalise(export).finalState();

        // then
        assertThat(state.get("2026-01-05.main").getRestingHeartRateBpm()).isEqualTo(51.0);
        assertThat(state.get("2026-01-06.main").getRestingHeartRateBpm()).isEqualTo(52.0);
        assertThat(state.get("2026-01-07.main").getRestingHeartRateBpm()).isEqualTo(53.0);
        assertThat(state.get("2026-01-08.main").getRestingHeartRateBpm()).isEqualTo(54.0);
    }

    @Test
    void segmentFarBehindTheRestOfItsSourceIsReportedAsLateAndLeavesItsNightAlone() throws Exception {
        // given five Watch nights (35 records), then one more Core segment for the first night
        ExportXml export = watchBlock(new ExportXml(), 5);
        export.sleep(
                WATCH,
                WATCH_DEVICE,
                FIRST.plusDays(1).atTime(2, 0),
                FIRST.plusDays(1).atTime(2, 30),
                "AsleepCore");

        // when
        CollectingSink sink = normalise(export);

        // then the 36th record (index 35) is on line 35 + 4
        assertThat(sink.problems)
                .extracting(Problem::location, Problem::field)
                .containsExactly(Tuple.tuple("line " + ExportXml.lineOf(35), "startDate"));
        assertWatchNight(sink.finalState().get("2026-01-05.main"));
    }

    @Test
    void watchThatRecordedOnlyANapDoesNotTakeThePhonesNight() throws Exception {
        // given on 5 January the Watch recorded only an afternoon nap (30 min, staged), the iPhone the whole night
        ExportXml export = new ExportXml()
                .sleep(WATCH, WATCH_DEVICE, FIRST.atTime(14, 0), FIRST.atTime(14, 30), "AsleepCore")
                .phoneNight(FIRST);

        // when
        Map<String, SleepRecord> state = normalise(export).finalState();

        // then the night is the iPhone's: InBed 22:45-07:15 (510 min), asleep 23:15-06:45 (450 min)
        assertThat(state).containsOnlyKeys("2026-01-05.main");
        assertThat(state.get("2026-01-05.main").getTotalSleepMinutes()).isEqualTo(450.0);
        assertThat(state.get("2026-01-05.main").getTimeInBedMinutes()).isEqualTo(510.0);
    }

    @Property(tries = 25)
    void roughlyOrderedExportsGiveTheSameNightsAsPerfectlyOrderedOnes(@ForAll long seed) throws Exception {
        // given ten nights of Watch, iPhone and resting heart rate records, once in order and once with every record
        // moved by up to 20 hours (within the 48 h a source may run out of order)
        ExportXml ordered = new ExportXml();
        for (int i = 0; i < 10; i++) {
            ordered.watchNight(FIRST.plusDays(i))
                    .phoneNight(FIRST.plusDays(i))
                    .restingHeartRate(WATCH, FIRST.plusDays(i + 1), 50 + i);
        }
        Random random = new Random(seed);
        List<String[]> keyed = new ArrayList<>();
        for (String record : ordered.records()) {
            LocalDateTime start = startOf(record).plusMinutes(random.nextInt(20 * 60));
            keyed.add(new String[] {start.toString(), record});
        }
        keyed.sort(Comparator.comparing(k -> k[0]));
        ExportXml jittered = new ExportXml();
        keyed.forEach(k -> jittered.raw(k[1]));

        // when
        Map<String, SleepRecord> expected = normalise(ordered).finalState();
        Map<String, SleepRecord> actual = normalise(jittered).finalState();

        // then
        assertThat(expected).hasSize(10);
        assertThat(actual).isEqualTo(expected);
    }

    private static LocalDateTime startOf(String record) {
        Matcher m = Pattern.compile("startDate=\"(\\d{4}-\\d\\d-\\d\\d) (\\d\\d:\\d\\d:\\d\\d)")
                .matcher(record);
        if (!m.find()) {
            throw new IllegalArgumentException("no startDate");
        }
        return LocalDateTime.parse(m.group(1) + "T" + m.group(2));
    }
}
