package org.sleepdelta.ingest.vendor.garmin;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.sleepdelta.ingest.vendor.AdapterFuzzing;

/**
 * Any bytes as a Garmin sleeps payload, as `POST /v1/wearables/{vendor}/sleep` passes it on, against {@link AdapterFuzzing}'s contract. The
 * default build replays the corpus in {@code GarminAdapterFuzzTestInputs/normalise}; {@code -Pfuzz} fuzzes (docs/testing.md#fuzzing).
 */
class GarminAdapterFuzzTest {
    private final GarminAdapter adapter = new GarminAdapter();

    @FuzzTest
    void normalise(byte[] payload) {
        AdapterFuzzing.normalise(adapter, payload);
    }
}
