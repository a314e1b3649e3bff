package org.sleepdelta.ingest.vendor.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class SpanUnionTest {
    private static final Instant T0 = Instant.parse("2026-03-02T22:00:00Z");

    private static TimeSpan minutes(int from, int to) {
        return new TimeSpan(T0.plusSeconds(60L * from), T0.plusSeconds(60L * to));
    }

    @Test
    void overlappingAndRepeatedSpansAreCountedOnce() {
        // given 0-30, 20-50 (overlaps by 10), 20-50 again, and 60-70
        List<TimeSpan> spans = List.of(minutes(0, 30), minutes(20, 50), minutes(20, 50), minutes(60, 70));

        // when
        SpanUnion union = SpanUnion.of(spans);

        // then 0-50 and 60-70: 50 + 10 = 60 minutes, in two runs
        assertThat(union.total()).isEqualTo(Duration.ofMinutes(60));
        assertThat(union.spans()).containsExactly(minutes(0, 50), minutes(60, 70));
    }

    @Test
    void touchingSpansMergeIntoOneRun() {
        // when
        SpanUnion union = SpanUnion.of(List.of(minutes(10, 20), minutes(0, 10)));

        // then
        assertThat(union.spans()).containsExactly(minutes(0, 20));
    }

    @Test
    void clippingKeepsOnlyTheCoveredTimeInsideTheWindow() {
        // given 0-30 and 40-80, clipped to 20-60
        SpanUnion union = SpanUnion.of(List.of(minutes(0, 30), minutes(40, 80)));

        // when
        SpanUnion clipped = union.clip(minutes(20, 60).start(), minutes(20, 60).end());

        // then 20-30 and 40-60: 10 + 20 = 30 minutes
        assertThat(clipped.spans()).containsExactly(minutes(20, 30), minutes(40, 60));
        assertThat(clipped.total()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void emptySpansCoverNothing() {
        // when
        SpanUnion union = SpanUnion.of(List.of(minutes(5, 5)));

        // then
        assertThat(union.isEmpty()).isTrue();
        assertThat(union.total()).isEqualTo(Duration.ZERO);
    }

    @Property(tries = 300)
    void unionIsSortedDisjointAndNeverLongerThanTheSumOrShorterThanTheLongest(
            @ForAll("spanLists") List<TimeSpan> spans) {
        // when
        SpanUnion union = SpanUnion.of(spans);

        // then
        Duration sum = spans.stream().map(TimeSpan::duration).reduce(Duration.ZERO, Duration::plus);
        Duration longest =
                spans.stream().map(TimeSpan::duration).max(Duration::compareTo).orElse(Duration.ZERO);
        assertThat(union.total()).isLessThanOrEqualTo(sum).isGreaterThanOrEqualTo(longest);
        for (int i = 1; i < union.spans().size(); i++) {
            assertThat(union.spans().get(i).start())
                    .isAfter(union.spans().get(i - 1).end());
        }
    }

    @Property(tries = 300)
    void unionIgnoresOrderAndDuplicates(@ForAll("spanLists") List<TimeSpan> spans, @ForAll long seed) {
        // given the same spans shuffled, each written twice
        List<TimeSpan> doubled = new ArrayList<>(spans);
        doubled.addAll(spans);
        Collections.shuffle(doubled, new Random(seed));

        // when / then
        assertThat(SpanUnion.of(doubled).spans()).isEqualTo(SpanUnion.of(spans).spans());
    }

    @Property(tries = 300)
    void everyInstantOfEverySpanIsCoveredByTheUnion(@ForAll("spanLists") List<TimeSpan> spans) {
        // when
        SpanUnion union = SpanUnion.of(spans);

        // then each non-empty span lies inside one run of the union
        for (TimeSpan s : spans) {
            if (s.end().isAfter(s.start())) {
                assertThat(union.spans()).anySatisfy(run -> {
                    assertThat(run.start()).isBeforeOrEqualTo(s.start());
                    assertThat(run.end()).isAfterOrEqualTo(s.end());
                });
            }
        }
    }

    @Provide
    Arbitrary<List<TimeSpan>> spanLists() {
        Arbitrary<TimeSpan> span = Combinators.combine(
                        Arbitraries.integers().between(0, 600),
                        Arbitraries.integers().between(0, 120))
                .as((from, length) -> minutes(from, from + length));
        return span.list().ofMaxSize(20);
    }
}
