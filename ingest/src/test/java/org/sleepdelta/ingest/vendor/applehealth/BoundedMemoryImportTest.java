package org.sleepdelta.ingest.vendor.applehealth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The small, always-on version of the 1 GB check: a 50 MB multi-source export imported in a child JVM whose heap is
 * capped at 64 MB — less than the file takes as text in memory — must finish and yield every night and nap.
 * The opt-in {@code AppleHealthOneGigabyteBenchmark} does the same at 1 GB with 256 MB.
 */
class BoundedMemoryImportTest {

    @Test
    void fiftyMegabyteExportImportsWithin64MegabytesOfHeap(@TempDir Path dir) throws Exception {
        // given
        Path export = dir.resolve("export.xml");
        SyntheticExport.Summary written = SyntheticExport.write(export, 50L << 20, 42);

        // when
        Map<String, String> measured = ChildJvmImport.run(export, "64m", dir, 5);

        // then every night and every nap of the Watch-worn days, and nothing reported
        System.out.println(measured.get("line"));
        assertThat(written.bytes()).isGreaterThanOrEqualTo(50L << 20);
        assertThat(Long.parseLong(measured.get("mains")))
                .as(measured.get("line"))
                .isEqualTo(written.nights());
        assertThat(Long.parseLong(measured.get("naps")))
                .as(measured.get("line"))
                .isEqualTo(written.naps());
        assertThat(Long.parseLong(measured.get("problems")))
                .as(measured.get("line"))
                .isZero();
    }
}
