package org.sleepdelta.ingest.vendor.applehealth;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.sleepdelta.ingest.vendor.AdapterFuzzing;

/**
 * Any bytes as an Apple Health export.zip upload (the zip path; seeds are zip archives, stored and deflated), as `POST /v1/wearables/{vendor}/sleep` passes it on, against {@link AdapterFuzzing}'s contract. The
 * default build replays the corpus in {@code AppleHealthZipFuzzTestInputs/normalise}; {@code -Pfuzz} fuzzes (docs/testing.md#fuzzing).
 */
class AppleHealthZipFuzzTest {
    private final AppleHealthAdapter adapter = new AppleHealthAdapter();

    @FuzzTest
    void normalise(byte[] payload) {
        AdapterFuzzing.normalise(adapter, payload);
    }
}
