package org.sleepdelta.ingest.vendor.healthconnect;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.sleepdelta.ingest.vendor.AdapterFuzzing;

/**
 * Any bytes as a Health Connect sleep-session payload, as `POST /v1/wearables/{vendor}/sleep` passes it on, against {@link AdapterFuzzing}'s contract. The
 * default build replays the corpus in {@code HealthConnectAdapterFuzzTestInputs/normalise}; {@code -Pfuzz} fuzzes (docs/testing.md#fuzzing).
 */
class HealthConnectAdapterFuzzTest {
    private final HealthConnectAdapter adapter = new HealthConnectAdapter();

    @FuzzTest
    void normalise(byte[] payload) {
        AdapterFuzzing.normalise(adapter, payload);
    }
}
