package org.sleepdelta.ingest.vendor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.sleepdelta.avro.SleepRecord;

class VendorAdaptersTest {

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void everyVendorHasAnAdapterThatSaysItIsThatVendor(Vendor vendor) {
        assertThat(VendorAdapters.forVendor(vendor))
                .as(vendor.name())
                .hasValueSatisfying(adapter -> assertThat(adapter.vendor()).isEqualTo(vendor));
    }

    /** A sink that reports on a record it does not take (e.g. outside the retention) can say where it came from. */
    @ParameterizedTest
    @CsvSource({
        "FITBIT, fitbit/by-date-stages-and-classic-nap.json, sleep[",
        "OURA, oura/sleep-collection.json, data[",
        "GARMIN, garmin/push-final.json, sleeps[",
        "WITHINGS, withings/getsummary.json, body.series[",
        "APPLE_HEALTH, apple-health/export.xml, night ",
        "HEALTH_CONNECT, health-connect/sessions.json, $[",
        "OPEN_MHEALTH, open-mhealth/sleep-episodes.json, $[",
        "GOOGLE_HEALTH, google-health/sleep-list.json, dataPoints["
    })
    void everyAdapterGivesTheLocationOfEachRecordInThePayload(Vendor vendor, String fixture, String prefix)
            throws Exception {
        // given
        List<String> locations = new ArrayList<>();
        List<SleepRecord> records = new ArrayList<>();
        NormalisedSink sink = new NormalisedSink() {
            @Override
            public void record(SleepRecord record) {
                throw new AssertionError("adapters emit with the record's location");
            }

            @Override
            public void record(String location, SleepRecord record) {
                locations.add(location);
                records.add(record);
            }

            @Override
            public void problem(Problem problem) {}
        };

        // when
        VendorAdapters.forVendor(vendor)
                .orElseThrow()
                .normalise(new ByteArrayInputStream(Fixtures.bytes(fixture)), Fixtures.CLIENT, sink);

        // then
        assertThat(records).isNotEmpty();
        assertThat(locations)
                .hasSameSizeAs(records)
                .allSatisfy(l -> assertThat(l).startsWith(prefix));
    }
}
