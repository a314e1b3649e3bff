package org.sleepdelta.ingest.importer;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.sleepdelta.ingest.AcceptedRecords;
import org.sleepdelta.schemas.CanonicalRecord;
import org.sleepdelta.schemas.validation.Violation;

/**
 * Any mapping file and any CSV export through {@code ./sleepdelta import sessions}'s reading: {@link SessionCsvLayout}
 * then {@link SessionCsvReader}. The input is the mapping file's bytes, a NUL byte, then the CSV's bytes; without a
 * NUL the whole input is a CSV in the default layout. So seeds stay readable files.
 * <p>
 * Allowed outcomes: an {@link IOException} (a {@link SessionCsvLayout.MappingException} naming what is wrong, or the
 * CSV or JSON parser's own), or rows each either accepted (and then passing {@link AcceptedRecords}) or rejected with
 * at least one violation. Anything else is a finding.
 */
class SessionCsvFuzzTest {
    private static final String CLINIC = "clinic-a";
    private static final Path DIR = tempDir();

    @FuzzTest
    void read(byte[] input) throws IOException {
        int nul = indexOf(input, (byte) 0);
        Path csv = DIR.resolve("export.csv");
        try {
            SessionCsvLayout layout;
            if (nul < 0) {
                layout = SessionCsvLayout.defaults();
                Files.write(csv, input);
            } else {
                Path mapping = Files.write(DIR.resolve("mapping.json"), Arrays.copyOfRange(input, 0, nul));
                Files.write(csv, Arrays.copyOfRange(input, nul + 1, input.length));
                layout = SessionCsvLayout.load(mapping);
            }
            new SessionCsvReader(layout, CLINIC).read(csv, new CheckingSink());
        } catch (IOException e) {
            if (e.getMessage() == null) {
                throw new AssertionError("a refused file must say why", e);
            }
        }
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("session-csv-fuzz");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class CheckingSink implements RecordSink {
        @Override
        public void record(long line, CanonicalRecord record) {
            AcceptedRecords.check(record, CLINIC);
        }

        @Override
        public void rejected(long line, String text, List<Violation> violations) {
            if (violations.isEmpty() || text == null) {
                throw new AssertionError("a rejected row must keep its text and say why");
            }
        }
    }
}
