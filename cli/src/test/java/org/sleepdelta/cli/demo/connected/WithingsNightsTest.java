package org.sleepdelta.cli.demo.connected;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.avro.SleepSource;
import org.sleepdelta.ingest.vendor.AdapterContext;
import org.sleepdelta.ingest.vendor.NormalisedSink;
import org.sleepdelta.ingest.vendor.Problem;
import org.sleepdelta.ingest.vendor.withings.WithingsAdapter;

class WithingsNightsTest {
    @Test
    void theWithingsAdapterReadsARenderedNightBackToTheSimulatedValues() throws Exception {
        SleepRecord simulated = SleepRecord.newBuilder()
                .setClinicId("clinic-a")
                .setClientId("c0007")
                .setSource(SleepSource.WITHINGS)
                .setSourceRecordId("wsl-884412")
                .setSleepStart(Instant.parse("2026-11-02T22:41:00Z"))
                .setSleepEnd(Instant.parse("2026-11-03T06:17:00Z"))
                .setTimezone("Europe/Berlin")
                .setTotalSleepMinutes(402.0)
                .setTimeInBedMinutes(456.0)
                .setSleepLatencyMinutes(17.0)
                .setWasoMinutes(31.0)
                .setAwakenings(3)
                .setDeepMinutes(81.0)
                .setRemMinutes(95.0)
                .setLightMinutes(226.0)
                .setRestingHeartRateBpm(54.0)
                .build();
        ObjectNode response = new ObjectMapper().createObjectNode();
        response.put("status", 0);
        response.putObject("body").putArray("series").add(WithingsNights.item(simulated, 1_762_150_000L));

        List<SleepRecord> read = new ArrayList<>();
        new WithingsAdapter()
                .normalise(
                        new ByteArrayInputStream(new ObjectMapper().writeValueAsBytes(response)),
                        new AdapterContext("clinic-a", "c0007", null),
                        new NormalisedSink() {
                            @Override
                            public void record(SleepRecord record) {
                                read.add(record);
                            }

                            @Override
                            public void problem(Problem problem) {
                                throw new AssertionError(problem.toString());
                            }
                        });

        assertThat(read).hasSize(1);
        SleepRecord back = read.get(0);
        assertThat(back.getSourceRecordId()).isEqualTo("withings:884412");
        assertThat(back.getSleepStart()).isEqualTo(simulated.getSleepStart());
        assertThat(back.getSleepEnd()).isEqualTo(simulated.getSleepEnd());
        assertThat(back.getTimezone()).isEqualTo("Europe/Berlin");
        assertThat(back.getTotalSleepMinutes()).isEqualTo(402.0);
        assertThat(back.getSleepLatencyMinutes()).isEqualTo(17.0);
        assertThat(back.getWasoMinutes()).isEqualTo(31.0);
        assertThat(back.getAwakenings()).isEqualTo(3);
        assertThat(back.getDeepMinutes()).isEqualTo(81.0);
        assertThat(back.getRestingHeartRateBpm()).isEqualTo(54.0);
    }
}
