package org.sleepdelta.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sleepdelta.avro.SleepSource.APPLE_HEALTH;
import static org.sleepdelta.avro.SleepSource.FITBIT;
import static org.sleepdelta.avro.SleepSource.GARMIN;
import static org.sleepdelta.avro.SleepSource.HEALTH_CONNECT;
import static org.sleepdelta.avro.SleepSource.MANUAL;
import static org.sleepdelta.avro.SleepSource.OPEN_MHEALTH;
import static org.sleepdelta.avro.SleepSource.OTHER;
import static org.sleepdelta.avro.SleepSource.OURA;
import static org.sleepdelta.avro.SleepSource.WITHINGS;
import static org.sleepdelta.metric.Fixtures.sleep;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sleepdelta.avro.SleepSource;

/** Definition 2: one main sleep per client-night, chosen by source priority, flag, total sleep, start. */
class MainSleepTest {
    private static final List<SleepSource> DEFINITION_ORDER =
            List.of(OURA, FITBIT, GARMIN, WITHINGS, APPLE_HEALTH, HEALTH_CONNECT, OPEN_MHEALTH, MANUAL, OTHER);

    private static Episode select(SourcePriority priority, Episode... episodes) {
        return MainSleep.select(List.of(episodes), priority).orElseThrow();
    }

    private static Episode select(Episode... episodes) {
        return select(SourcePriority.defaultOrder(), episodes);
    }

    @Test
    void defaultPriorityIsTheOrderTheDefinitionLists() {
        assertThat(SourcePriority.defaultOrder().order()).containsExactlyElementsOf(DEFINITION_ORDER);
    }

    static Stream<Arguments> adjacentDefaultSources() {
        return IntStream.range(0, DEFINITION_ORDER.size() - 1)
                .mapToObj(i -> Arguments.of(DEFINITION_ORDER.get(i), DEFINITION_ORDER.get(i + 1)));
    }

    @ParameterizedTest(name = "{0} beats {1}")
    @MethodSource("adjacentDefaultSources")
    void amongFlaggedMainSleepsTheHigherPrioritySourceWinsEvenWithLessSleep(SleepSource higher, SleepSource lower) {
        // given the higher source's short flagged sleep and the lower source's long flagged one
        Episode preferred =
                sleep().source(higher).totalSleep(300).mainSleep(true).episode();
        Episode rival = sleep().source(lower).totalSleep(480).mainSleep(true).episode();
        // when the main sleep is picked, then the source decides before the length
        assertThat(select(rival, preferred)).isEqualTo(preferred);
    }

    @ParameterizedTest(name = "a flagged {1} record beats an unflagged {0} one")
    @MethodSource("adjacentDefaultSources")
    void aFlaggedMainSleepBeatsAnUnflaggedRecordOfAHigherPrioritySource(SleepSource higher, SleepSource lower) {
        Episode unflagged =
                sleep().source(higher).totalSleep(480).mainSleep(null).episode();
        Episode flagged = sleep().source(lower).totalSleep(300).mainSleep(true).episode();
        assertThat(select(unflagged, flagged)).isEqualTo(flagged);
    }

    @Test
    void customPriorityOverridesTheDefault() {
        SourcePriority garminFirst = new SourcePriority(List.of(GARMIN, OURA));
        Episode garmin = sleep().source(GARMIN).totalSleep(350).episode();
        Episode oura = sleep().source(OURA).totalSleep(450).episode();
        assertThat(select(garminFirst, oura, garmin)).isEqualTo(garmin);
    }

    @Test
    void sourcesMissingFromACustomPriorityRankAfterAllListedOnes() {
        // given a priority listing only MANUAL, then MANUAL beats OURA, the default's first source
        SourcePriority manualOnly = new SourcePriority(List.of(MANUAL));
        Episode manual = sleep().source(MANUAL).totalSleep(300).mainSleep(true).episode();
        Episode oura = sleep().source(OURA).totalSleep(450).mainSleep(true).episode();
        assertThat(select(manualOnly, oura, manual)).isEqualTo(manual);
    }

    @Test
    void unlistedSourcesKeepTheDefaultOrderAmongThemselves() {
        // an interpretation the definition leaves open; pinned so the choice never depends on arrival order
        SourcePriority manualOnly = new SourcePriority(List.of(MANUAL));
        Episode fitbit = sleep().source(FITBIT).totalSleep(470).episode();
        Episode oura = sleep().source(OURA).totalSleep(300).episode();
        assertThat(select(manualOnly, fitbit, oura)).isEqualTo(oura);
        assertThat(select(manualOnly, oura, fitbit)).isEqualTo(oura);
    }

    @Test
    void aPriorityListingASourceTwiceIsRejected() {
        assertThatThrownBy(() -> new SourcePriority(List.of(OURA, FITBIT, OURA)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("OURA");
    }

    @Test
    void flaggedMainSleepBeatsALongerUnflaggedRecordOfTheSameSource() {
        Episode flagged = sleep().id("a")
                .from("2024-06-10T23:00")
                .totalSleep(300)
                .mainSleep(true)
                .episode();
        Episode longerUnflagged = sleep().id("b")
                .from("2024-06-11T13:00")
                .totalSleep(400)
                .mainSleep(false)
                .episode();
        assertThat(select(longerUnflagged, flagged)).isEqualTo(flagged);
    }

    @Test
    void napIsNeverChosenWhenAFlaggedMainSleepExists() {
        // given the flagged night and an afternoon nap with no flag at all
        Episode night = sleep().id("night")
                .from("2024-06-10T23:30")
                .totalSleep(380)
                .mainSleep(true)
                .episode();
        Episode nap = sleep().id("nap")
                .from("2024-06-10T14:00")
                .inBedFor(Duration.ofMinutes(500))
                .totalSleep(450)
                .mainSleep(null)
                .episode();
        assertThat(night.night()).isEqualTo(nap.night());
        assertThat(select(nap, night)).isEqualTo(night);
    }

    @Test
    void amongSeveralFlaggedRecordsTheLargestTotalSleepWins() {
        Episode shorter = sleep().id("a")
                .from("2024-06-10T22:00")
                .totalSleep(200)
                .mainSleep(true)
                .episode();
        Episode longer = sleep().id("b")
                .from("2024-06-11T03:00")
                .totalSleep(240)
                .mainSleep(true)
                .episode();
        Episode unflaggedLongest =
                sleep().id("c").from("2024-06-11T09:00").totalSleep(300).episode();
        assertThat(select(shorter, unflaggedLongest, longer)).isEqualTo(longer);
    }

    @Test
    void withNoRecordFlaggedTheLargestTotalSleepOfTheSourceWins() {
        // false and missing flags both mean "not flagged"
        Episode flaggedFalse = sleep().id("a")
                .from("2024-06-10T14:00")
                .totalSleep(90)
                .mainSleep(false)
                .episode();
        Episode noFlag = sleep().id("b")
                .from("2024-06-10T23:00")
                .totalSleep(410)
                .mainSleep(null)
                .episode();
        Episode anotherFalse = sleep().id("c")
                .from("2024-06-11T06:00")
                .totalSleep(60)
                .mainSleep(false)
                .episode();
        assertThat(select(flaggedFalse, anotherFalse, noFlag)).isEqualTo(noFlag);
    }

    @Test
    void aNapIsNeverTheMainSleepEvenFromTheFirstSource() {
        Episode ouraNap = sleep().source(OURA).totalSleep(200).mainSleep(false).episode();
        Episode fitbitUnflagged =
                sleep().source(FITBIT).totalSleep(420).mainSleep(null).episode();
        assertThat(select(fitbitUnflagged, ouraNap)).isEqualTo(fitbitUnflagged);
    }

    @Test
    void aNightOfNapsOnlyHasNoMainSleep() {
        Episode nap = sleep().source(OURA).totalSleep(90).mainSleep(false).episode();
        Episode otherNap =
                sleep().source(FITBIT).totalSleep(60).mainSleep(false).episode();
        assertThat(MainSleep.select(List.of(nap, otherNap), SourcePriority.defaultOrder()))
                .isEmpty();
    }

    @Test
    void equalTotalSleepGoesToTheEarliestStart() {
        Episode later = sleep().id("a")
                .from("2024-06-10T23:30")
                .totalSleep(400)
                .mainSleep(true)
                .episode();
        Episode earlier = sleep().id("b")
                .from("2024-06-10T23:00")
                .totalSleep(400)
                .mainSleep(true)
                .episode();
        assertThat(select(later, earlier)).isEqualTo(earlier);
        assertThat(select(earlier, later)).isEqualTo(earlier);
    }

    @Test
    void equalTotalSleepAndStartGoToTheSmallestSourceRecordIdWhateverTheArrivalOrder() {
        Episode b = sleep().id("rec-b").totalSleep(400).mainSleep(true).episode();
        Episode a = sleep().id("rec-a").totalSleep(400).mainSleep(true).episode();
        assertThat(select(b, a)).isEqualTo(a);
        assertThat(select(a, b)).isEqualTo(a);
    }

    @Test
    void aNightWithoutRecordsHasNoMainSleep() {
        assertThat(MainSleep.select(List.of(), SourcePriority.defaultOrder())).isEmpty();
    }

    @Property
    void theChoiceNeverDependsOnArrivalOrder(@ForAll("nights") List<Episode> episodes, @ForAll Random random) {
        Optional<Episode> asArrived = MainSleep.select(episodes, SourcePriority.defaultOrder());
        List<Episode> shuffled = new ArrayList<>(episodes);
        Collections.shuffle(shuffled, random);
        assertThat(MainSleep.select(shuffled, SourcePriority.defaultOrder())).isEqualTo(asArrived);
    }

    @Provide
    Arbitrary<List<Episode>> nights() {
        // few distinct values so that ties in total sleep and start are common; ids are unique per record
        Arbitrary<SleepSource> source = Arbitraries.of(OURA, FITBIT, MANUAL);
        Arbitrary<Double> totalSleep = Arbitraries.of(300.0, 360.0, 420.0);
        Arbitrary<String> start = Arbitraries.of("2024-06-10T22:00", "2024-06-10T23:00", "2024-06-11T14:00");
        Arbitrary<Boolean> flag = Arbitraries.of(true, false).injectNull(0.3);
        Arbitrary<Fixtures.SleepBuilder> builders = Combinators.combine(source, totalSleep, start, flag)
                .as((s, tst, at, f) ->
                        sleep().source(s).totalSleep(tst).from(at).mainSleep(f));
        return builders.list().ofMinSize(1).ofMaxSize(8).map(list -> {
            List<Episode> episodes = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                episodes.add(list.get(i).id("r" + (char) ('z' - i)).episode());
            }
            return episodes;
        });
    }
}
