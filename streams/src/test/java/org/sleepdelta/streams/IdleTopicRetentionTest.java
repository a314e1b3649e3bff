package org.sleepdelta.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.Rejection;
import org.sleepdelta.avro.RejectionReason;

/**
 * Each input topic has its own watermark, and state follows the older one; but a topic that falls silent must not
 * stop the sweep for ever: the older watermark trails the newer by at most the retention.
 */
class IdleTopicRetentionTest {
    private static final LocalDate START = LocalDate.of(2026, 1, 1);

    @Test
    void aSilentSessionTopicDoesNotStopTheSweep() {
        try (TopologyHarness harness = new TopologyHarness(TopologySettings.defaults())) {
            // given one session long ago, then only nights for 300 days
            harness.session(TestData.session("s1", START, LocalTime.of(10, 0)).build());
            for (int day = 0; day < 300; day++) {
                harness.sleep(TestData.night(START.plusDays(day), 400).build());
            }

            // when the sweep runs
            harness.advanceWallClock(Duration.ofMinutes(5));

            // then nights are kept only back to (newest - retention) - retention - 50 days, not back to the session
            LocalDate newest = START.plusDays(299);
            LocalDate keptFrom = newest.minusDays(60).minusDays(60).minusDays(RetentionSweeper.NIGHT_MARGIN_DAYS);
            assertThat(harness.<Object>store(StoreNames.SLEEP_BY_NIGHT).keySet())
                    .allSatisfy(
                            key -> assertThat(StoreKeys.nightOfSleepKey(key)).isAfterOrEqualTo(keptFrom))
                    .hasSizeLessThan(300);
        }
    }

    @Test
    void aLaggingTopicIsJudgedAgainstTheNewerOneMinusRetention() {
        try (TopologyHarness harness = new TopologyHarness(TopologySettings.defaults())) {
            harness.session(TestData.session("s1", START, LocalTime.of(10, 0)).build());
            harness.sleep(TestData.night(START.plusDays(200), 400).build());

            // a session 10 days after the last one is recent for its own topic, but 190 days behind the nights
            harness.session(TestData.session("s2", START.plusDays(10), LocalTime.of(10, 0))
                    .build());

            assertThat(harness.rejections()).extracting(Rejection::getReason).containsExactly(RejectionReason.TOO_LATE);
        }
    }
}
