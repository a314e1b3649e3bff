package org.sleepdelta.ingest.vendor.openmhealth;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.sleepdelta.ingest.vendor.AdapterFuzzing;

/**
 * Any bytes as an Open mHealth sleep-episode payload, as `POST /v1/wearables/{vendor}/sleep` passes it on, against {@link AdapterFuzzing}'s contract. The
 * default build replays the corpus in {@code OpenMHealthAdapterFuzzTestInputs/normalise}; {@code -Pfuzz} fuzzes (docs/testing.md#fuzzing).
 */
class OpenMHealthAdapterFuzzTest {
    private final OpenMHealthAdapter adapter = new OpenMHealthAdapter();

    @FuzzTest
    void normalise(byte[] payload) {
        AdapterFuzzing.normalise(adapter, payload);
    }
}
