package org.sleepdelta.ingest.vendor.fitbit;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.sleepdelta.ingest.vendor.AdapterFuzzing;

/**
 * Any bytes as a Fitbit sleep-log payload, as `POST /v1/wearables/{vendor}/sleep` passes it on, against {@link AdapterFuzzing}'s contract. The
 * default build replays the corpus in {@code FitbitAdapterFuzzTestInputs/normalise}; {@code -Pfuzz} fuzzes (docs/testing.md#fuzzing).
 */
class FitbitAdapterFuzzTest {
    private final FitbitAdapter adapter = new FitbitAdapter();

    @FuzzTest
    void normalise(byte[] payload) {
        AdapterFuzzing.normalise(adapter, payload);
    }
}
