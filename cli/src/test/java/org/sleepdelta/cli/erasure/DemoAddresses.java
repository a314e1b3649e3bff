package org.sleepdelta.cli.erasure;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where a running demo's parts are, as its output says. */
record DemoAddresses(String bootstrapServers, int postgresPort, int ingestPort, Path apiKeys, Path streamsState) {
    private static final Pattern BROKER = Pattern.compile("Broker at (\\S+);");
    private static final Pattern POSTGRES = Pattern.compile("PostgreSQL\\s+127\\.0\\.0\\.1:(\\d+),");
    private static final Pattern INGEST = Pattern.compile(
            "ingest API\\s+http://127\\.0\\.0\\.1:(\\d+)/v1/\\.\\.\\. with the simulated clinics' keys in (\\S+)");
    private static final Pattern STATE = Pattern.compile("Streams state (\\S+)");

    static DemoAddresses of(String out) {
        Matcher ingest = find(INGEST, out);
        return new DemoAddresses(
                find(BROKER, out).group(1),
                Integer.parseInt(find(POSTGRES, out).group(1)),
                Integer.parseInt(ingest.group(1)),
                Path.of(ingest.group(2)),
                Path.of(find(STATE, out).group(1)));
    }

    private static Matcher find(Pattern pattern, String out) {
        Matcher m = pattern.matcher(out);
        if (!m.find()) {
            throw new AssertionError("the demo did not print " + pattern.pattern() + ":\n" + out);
        }
        return m;
    }
}
