package org.sleepdelta.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.MetricWindow;
import org.sleepdelta.avro.Rejection;
import org.sleepdelta.avro.RejectionReason;
import org.sleepdelta.avro.SessionStatus;
import org.sleepdelta.avro.SleepChangeMetric;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.schemas.codec.Codecs;

/**
 * The topology's counters under a TopologyTestDriver, checked against what it actually wrote: every input counted by
 * kind, every rejection by reason, every dashboard record by window and type.
 *
 * <p>With the default 60 days of retention, the night of 2026-06-01 puts the watermark at 2026-06-02, so nights before
 * 2026-04-03 are too late (see {@link AdmissionTest}).
 */
class TopologyMetricsTest {
    private static final LocalDate JUN_1 = LocalDate.of(2026, 6, 1);
    private static final String CLIENT_KEY = "clinic-a/c1";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TopologyHarness harness =
            new TopologyHarness(TopologySettings.defaults(), TopologyMetrics.on(registry));

    @AfterEach
    void close() {
        harness.close();
    }

    private double count(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    @Test
    void oneRecordOfEachRejectionReasonCountsOnceUnderItsReason() {
        // given the watermark at Jun 2
        harness.sleep(TestData.night(JUN_1, 400).build());

        // when
        harness.rawSleep(CLIENT_KEY, "not avro".getBytes(StandardCharsets.UTF_8));
        harness.session(TestData.session("s1", JUN_1, LocalTime.of(10, 0))
                .setDurationMinutes(2)
                .build());
        harness.sleep(TestData.night(LocalDate.of(2026, 4, 1), 400).build());
        SleepRecord june20 = TestData.night(JUN_1.plusDays(19), 400).build();
        harness.sleep(june20, june20.getSleepEnd().minus(Duration.ofDays(2)));
        harness.rawSleep(
                CLIENT_KEY,
                Codecs.sleepRecord()
                        .encode(TestData.night(JUN_1, 400).setClientId("c2").build()));

        // then
        List<Rejection> written = harness.rejections();
        assertThat(written).extracting(Rejection::getReason).containsExactlyInAnyOrder(RejectionReason.values());
        for (RejectionReason reason : RejectionReason.values()) {
            assertThat(count(TopologyMetrics.REJECTED, "reason", reason.name()))
                    .as(reason.name())
                    .isEqualTo(1.0);
        }
        assertThat(count(TopologyMetrics.PROCESSED, "kind", "sleep")).isEqualTo(5.0);
        assertThat(count(TopologyMetrics.PROCESSED, "kind", "session")).isEqualTo(1.0);
    }

    @Test
    void dashboardUpdatesAndTombstonesAreCountedPerWindowAsWritten() {
        // given
        LocalDate n0 = JUN_1;
        harness.session(TestData.session("s1", n0, LocalTime.of(10, 0)).build());
        TestData.nights(n0.minusDays(14), 400, 410, 420, 430, 440, 450, 460, 470, 480, 490, 400, 410, 420, 430, 440)
                .forEach(harness::sleep);

        // when the session is cancelled, every window of it is deleted
        harness.session(TestData.session("s1", n0, LocalTime.of(10, 0))
                .setStatus(SessionStatus.CANCELLED)
                .build());

        // then
        List<TestRecord<String, SleepChangeMetric>> output = harness.allOutput();
        Map<String, Long> written = output.stream()
                .collect(Collectors.groupingBy(
                        r -> r.key().substring(r.key().lastIndexOf('/') + 1) + "/"
                                + (r.value() == null ? "tombstone" : "update"),
                        Collectors.counting()));
        assertThat(written)
                .containsKeys(
                        "NIGHT_0/update",
                        "WEEK_1/update",
                        "COURSE_WEEKS_3_4/update",
                        "NIGHT_0/tombstone",
                        "WEEK_1/tombstone",
                        "COURSE_WEEKS_3_4/tombstone");
        for (MetricWindow window : MetricWindow.values()) {
            for (String type : List.of("update", "tombstone")) {
                assertThat(count(TopologyMetrics.EMITTED, "window", window.name(), "type", type))
                        .as(window + "/" + type)
                        .isEqualTo(written.getOrDefault(window + "/" + type, 0L).doubleValue());
            }
        }
        assertThat(count(TopologyMetrics.PROCESSED, "kind", "sleep")).isEqualTo(15.0);
        assertThat(count(TopologyMetrics.PROCESSED, "kind", "session")).isEqualTo(2.0);
    }

    @Test
    void everyCounterIsThereAtZeroBeforeTheFirstRecord() {
        // then
        assertThat(registry.find(TopologyMetrics.REJECTED).counters())
                .hasSize(RejectionReason.values().length)
                .allSatisfy(c -> assertThat(c.count()).isZero());
        assertThat(registry.find(TopologyMetrics.EMITTED).counters()).hasSize(2 * MetricWindow.values().length);
        assertThat(registry.find(TopologyMetrics.PROCESSED).counters())
                .extracting(c -> c.getId().getTag("kind"))
                .containsExactlyInAnyOrder("sleep", "session");
    }

    @Test
    void noMeterNamesAClientAClinicOrASession() {
        // given records of two clinics, rejected and accepted
        harness.session(TestData.session("s1", JUN_1, LocalTime.of(10, 0)).build());
        harness.sleep(TestData.night(JUN_1, 400)
                .setClinicId("clinic-b")
                .setClientId("c7")
                .build());
        harness.rawSleep(CLIENT_KEY, new byte[] {1});

        // then
        List<Tag> tags = registry.getMeters().stream()
                .map(Meter::getId)
                .flatMap(id -> id.getTags().stream())
                .toList();
        assertThat(tags)
                .extracting(Tag::getKey)
                .containsOnly("kind", "reason", "window", "type", "outcome")
                .doesNotContainAnyElementsOf(List.of("client", "clientId", "clinic", "clinicId"));
        assertThat(tags)
                .extracting(Tag::getValue)
                .doesNotContainAnyElementsOf(List.of("clinic-a", "clinic-b", "c1", "c7", "s1", CLIENT_KEY));
    }

    @Test
    void withoutMetricsTheSameInputGivesTheSameOutput() {
        // given
        Function<TopologyHarness, List<TestRecord<String, SleepChangeMetric>>> run = h -> {
            h.session(TestData.session("s1", JUN_1, LocalTime.of(10, 0)).build());
            TestData.nights(JUN_1.minusDays(3), 400, 410, 420, 430).forEach(h::sleep);
            return h.allOutput();
        };

        // when
        List<TestRecord<String, SleepChangeMetric>> counted = run.apply(harness);
        List<TestRecord<String, SleepChangeMetric>> uncounted;
        try (TopologyHarness plain = new TopologyHarness(TopologySettings.defaults())) {
            uncounted = run.apply(plain);
        }

        // then
        assertThat(counted).isNotEmpty();
        assertThat(counted)
                .extracting(TestRecord::key, TestRecord::value)
                .containsExactlyElementsOf(
                        uncounted.stream().map(r -> tuple(r.key(), r.value())).toList());
        assertThat(count(TopologyMetrics.EMITTED, "window", "NIGHT_0", "type", "update"))
                .isPositive();
    }

    @Test
    void theWindowTagIsTheLastSegmentOfTheDashboardKey() {
        // given
        RecordCounters counters = TopologyMetrics.on(registry).counters();

        // when
        counters.emitted("clinic-a/c1/s-1.2:3/WEEK_1", null);
        counters.emitted("clinic-a/c1/s-1.2:3/WEEK_1", new Object());

        // then
        assertThat(count(TopologyMetrics.EMITTED, "window", "WEEK_1", "type", "tombstone"))
                .isEqualTo(1.0);
        assertThat(count(TopologyMetrics.EMITTED, "window", "WEEK_1", "type", "update"))
                .isEqualTo(1.0);
    }
}
