package org.sleepdelta.ingest.vendor.oura;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.sleepdelta.ingest.vendor.AdapterFuzzing;

/**
 * Any bytes as an Oura sleep payload, as `POST /v1/wearables/{vendor}/sleep` passes it on, against {@link AdapterFuzzing}'s contract. The
 * default build replays the corpus in {@code OuraAdapterFuzzTestInputs/normalise}; {@code -Pfuzz} fuzzes (docs/testing.md#fuzzing).
 */
class OuraAdapterFuzzTest {
    private final OuraAdapter adapter = new OuraAdapter();

    @FuzzTest
    void normalise(byte[] payload) {
        AdapterFuzzing.normalise(adapter, payload);
    }
}
