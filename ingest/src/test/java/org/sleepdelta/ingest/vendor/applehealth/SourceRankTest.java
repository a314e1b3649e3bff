package org.sleepdelta.ingest.vendor.applehealth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceRankTest {
    private static SourceRank source(String name, boolean staged, boolean watch, int asleepMinutes) {
        return new SourceRank(name, staged, watch, Duration.ofMinutes(asleepMinutes));
    }

    @Test
    void stagesBeatMoreSleepWithoutStages() {
        // given the Watch with stages (446 min) and the iPhone without (450 min)
        SourceRank watch = source("Watch", true, true, 446);
        SourceRank phone = source("iPhone", false, false, 450);

        // when / then
        assertThat(SourceRank.best(List.of(phone, watch))).isEqualTo(watch);
    }

    @Test
    void appleWatchBeatsAnAppWhenNeitherHasStages() {
        // given
        SourceRank watch = source("Watch", false, true, 400);
        SourceRank app = source("AutoSleep", false, false, 420);

        // when / then
        assertThat(SourceRank.best(List.of(app, watch))).isEqualTo(watch);
    }

    @Test
    void aSourceWithUnderHalfTheNightsSleepDoesNotCompeteHoweverGoodItsData() {
        // given the Watch recorded only a 35-minute nap (staged); the iPhone the whole night, 450 min
        SourceRank watchNapOnly = source("Watch", true, true, 35);
        SourceRank phone = source("iPhone", false, false, 450);

        // when / then 35 x 2 < 450
        assertThat(SourceRank.best(List.of(watchNapOnly, phone))).isEqualTo(phone);
    }

    @Test
    void exactlyHalfStillCompetes() {
        // given 225 x 2 = 450
        SourceRank watch = source("Watch", true, true, 225);
        SourceRank phone = source("iPhone", false, false, 450);

        // when / then
        assertThat(SourceRank.best(List.of(phone, watch))).isEqualTo(watch);
    }

    @Test
    void equalSourcesAreSettledByNameWhateverTheOrder() {
        // given
        SourceRank a = source("A app", false, false, 400);
        SourceRank b = source("B app", false, false, 400);

        // when / then
        assertThat(SourceRank.best(List.of(b, a))).isEqualTo(a);
        assertThat(SourceRank.best(List.of(a, b))).isEqualTo(a);
    }
}
