package org.sleepdelta.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.SleepChangeMetric;
import org.sleepdelta.avro.SleepRecord;

/** Clients are clinicId/clientId: the same client id in two clinics, or ids sharing a prefix, never mix. */
class ClientIsolationTest {
    static final LocalDate N0 = LocalDate.of(2026, 2, 2);

    private final TopologyHarness harness = new TopologyHarness();

    @AfterEach
    void close() {
        assertThat(harness.rejections()).isEmpty();
        harness.close();
    }

    /** Five baseline nights of {@code baseline} minutes and night 0 of {@code post}, then session s1. */
    private void givenClient(String clinic, String client, double baseline, double post) {
        for (int d = 1; d <= 5; d++) {
            harness.sleep(TestData.night(N0.minusDays(d), baseline)
                    .setClinicId(clinic)
                    .setClientId(client)
                    .build());
        }
        harness.sleep(
                TestData.night(N0, post).setClinicId(clinic).setClientId(client).build());
        harness.session(TestData.session("s1", N0, LocalTime.of(10, 0))
                .setClinicId(clinic)
                .setClientId(client)
                .build());
    }

    private static double postMean(SleepChangeMetric m) {
        return MetricAssertions.stats(m, "totalSleepMinutes").getPostMean();
    }

    private static double baselineMean(SleepChangeMetric m) {
        return MetricAssertions.stats(m, "totalSleepMinutes").getBaselineMean();
    }

    @Test
    void theSameClientIdInTwoClinicsIsTwoClients() {
        givenClient("clinic-a", "c1", 400, 450);
        givenClient("clinic-b", "c1", 300, 360);

        Map<String, SleepChangeMetric> dashboard = harness.dashboardState();

        assertThat(dashboard).hasSize(6);
        SleepChangeMetric a = dashboard.get("clinic-a/c1/s1/NIGHT_0");
        SleepChangeMetric b = dashboard.get("clinic-b/c1/s1/NIGHT_0");
        assertThat(baselineMean(a)).isEqualTo(400.0);
        assertThat(postMean(a)).isEqualTo(450.0);
        assertThat(a.getClinicId()).isEqualTo("clinic-a");
        assertThat(baselineMean(b)).isEqualTo(300.0);
        assertThat(postMean(b)).isEqualTo(360.0);
        assertThat(b.getClinicId()).isEqualTo("clinic-b");
    }

    @Test
    void aRecordWithTheSameSourceIdInAnotherClinicReplacesNothingHere() {
        givenClient("clinic-a", "c1", 400, 450);
        givenClient("clinic-b", "c1", 300, 360);
        harness.newOutput();
        SleepRecord clinicBNight0 =
                TestData.night(N0, 360).setClinicId("clinic-b").build();

        harness.sleep(SleepRecord.newBuilder(clinicBNight0)
                .setTotalSleepMinutes(330.0)
                .build());
        List<TestRecord<String, SleepChangeMetric>> rescored = harness.newOutput();
        harness.sleep(TestData.deletionOf(clinicBNight0));
        List<TestRecord<String, SleepChangeMetric>> deleted = harness.newOutput();

        assertThat(rescored)
                .extracting(TestRecord::key)
                .containsExactlyInAnyOrder("clinic-b/c1/s1/NIGHT_0", "clinic-b/c1/s1/WEEK_1");
        assertThat(deleted)
                .extracting(TestRecord::key)
                .containsExactlyInAnyOrder("clinic-b/c1/s1/NIGHT_0", "clinic-b/c1/s1/WEEK_1");
        assertThat(postMean(harness.dashboardState().get("clinic-a/c1/s1/NIGHT_0")))
                .isEqualTo(450.0);
    }

    @Test
    void clientIdsThatShareAPrefixStayApart() {
        // '.' sorts before and '0' after the '/' that ends "c1/" in store keys
        givenClient("clinic-a", "c1", 400, 450);
        givenClient("clinic-a", "c1.x", 300, 360);
        givenClient("clinic-a", "c10", 200, 260);

        Map<String, SleepChangeMetric> dashboard = harness.dashboardState();

        assertThat(dashboard).hasSize(9);
        assertThat(baselineMean(dashboard.get("clinic-a/c1/s1/WEEK_1"))).isEqualTo(400.0);
        assertThat(baselineMean(dashboard.get("clinic-a/c1.x/s1/WEEK_1"))).isEqualTo(300.0);
        assertThat(baselineMean(dashboard.get("clinic-a/c10/s1/WEEK_1"))).isEqualTo(200.0);
        assertThat(MetricAssertions.stats(dashboard.get("clinic-a/c1/s1/WEEK_1"), "totalSleepMinutes")
                        .getBaselineN())
                .isEqualTo(5);
    }

    @Test
    void aSessionIdReusedByAnotherClientOpensItsOwnCourse() {
        harness.session(TestData.session("s1", N0, LocalTime.of(10, 0)).build());
        // c2's s2 is 10 nights after c1's s1: it would join c1's course if clients mixed
        harness.session(TestData.session("s2", N0.plusDays(10), LocalTime.of(10, 0))
                .setClientId("c2")
                .build());

        Map<String, SleepChangeMetric> dashboard = harness.dashboardState();

        assertThat(dashboard).containsKeys("clinic-a/c2/s2/COURSE_WEEKS_3_4");
        assertThat(dashboard.get("clinic-a/c1/s1/COURSE_WEEKS_3_4").getSessionsInWindow())
                .isEqualTo(1);
    }
}
