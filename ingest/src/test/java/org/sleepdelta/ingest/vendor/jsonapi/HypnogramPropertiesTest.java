package org.sleepdelta.ingest.vendor.jsonapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class HypnogramPropertiesTest {

    /**
     * For a period covered end to end by alternating segments, every second is exactly one of: latency, asleep,
     * WASO or after the final wake; and there are as many awakenings as wake segments strictly inside the sleep.
     */
    @Property
    void latencySleepWasoAndTheFinalWakeAddUpToThePeriod(
            @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 1, max = 3600) Integer> lengths,
            @ForAll boolean startsAwake) {
        // given alternating wake/sleep segments of the given lengths
        long period = lengths.stream().mapToLong(Integer::longValue).sum();
        Hypnogram hypnogram = new Hypnogram(period);
        long at = 0;
        long asleep = 0;
        int sleepSegments = 0;
        for (int i = 0; i < lengths.size(); i++) {
            boolean awake = (i % 2 == 0) == startsAwake;
            hypnogram.paint(at, at + lengths.get(i), awake ? Hypnogram.State.WAKE : Hypnogram.State.SLEEP);
            at += lengths.get(i);
            if (!awake) {
                asleep += lengths.get(i);
                sleepSegments++;
            }
        }

        // when
        var summary = hypnogram.summary();

        // then
        if (sleepSegments == 0) {
            assertThat(summary).isEmpty();
            return;
        }
        Hypnogram.Summary s = summary.orElseThrow();
        assertThat(s.latencySeconds() + asleep + s.wasoSeconds() + s.afterFinalWakeSeconds())
                .isEqualTo(period);
        // alternating segments: each sleep segment after the first is preceded by one wake segment inside the sleep
        assertThat(s.awakenings()).isEqualTo(sleepSegments - 1);
    }
}
