package org.sleepdelta.ingest.vendor.applehealth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@link ImportMain} on a file in a fresh JVM with a heap cap, and returns its measurements. */
final class ChildJvmImport {
    private ChildJvmImport() {}

    static Map<String, String> run(Path export, String maxHeap, Path workDir, long timeoutMinutes)
            throws IOException, InterruptedException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path output = workDir.resolve("import-output.txt");
        Process process = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx" + maxHeap,
                        "-XX:+ExitOnOutOfMemoryError",
                        "-cp",
                        classPath.replace(File.pathSeparator + File.pathSeparator, File.pathSeparator),
                        ImportMain.class.getName(),
                        export.toString(),
                        SyntheticExport.ZONE.getId()))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        boolean finished = process.waitFor(timeoutMinutes, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String printed = Files.readString(output);
        assertThat(finished)
                .as("import finished within %d min; output: %s", timeoutMinutes, printed)
                .isTrue();
        assertThat(process.exitValue())
                .as("child JVM exit code; output: %s", printed)
                .isZero();
        String last = printed.lines().reduce((a, b) -> b).orElse("").trim();
        Map<String, String> values = new HashMap<>();
        for (String pair : last.split(" ")) {
            String[] kv = pair.split("=", 2);
            if (kv.length == 2) {
                values.put(kv[0], kv[1]);
            }
        }
        values.put("line", last);
        return values;
    }
}
