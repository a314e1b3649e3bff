package org.sleepdelta.ingest.vendor.googlehealth;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.sleepdelta.ingest.vendor.AdapterFuzzing;

/**
 * Any bytes as a Google Health sleep page, as a pull or {@code POST /v1/wearables/google-health/sleep} passes it on,
 * against {@link AdapterFuzzing}'s contract. The default build replays the corpus in
 * {@code GoogleHealthAdapterFuzzTestInputs/normalise}; {@code -Pfuzz} fuzzes (docs/testing.md#fuzzing).
 */
class GoogleHealthAdapterFuzzTest {
    private final GoogleHealthAdapter adapter = new GoogleHealthAdapter();

    @FuzzTest
    void normalise(byte[] payload) {
        AdapterFuzzing.normalise(adapter, payload);
    }
}
