package org.sleepdelta.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.metric.BatchComputation;
import org.sleepdelta.metric.MetricSettings;
import org.sleepdelta.schemas.json.CanonicalJson;
import org.sleepdelta.schemas.json.MetricJson;
import org.sleepdelta.simulator.CohortSimulator;
import org.sleepdelta.simulator.Simulation;
import org.sleepdelta.simulator.SimulationConfig;

/** replay on a real broker writes exactly the metric definition computed over all input at once. */
class ReplayIT {

    @Test
    void replayWritesTheBatchDefinitionForEveryKeyAndReportsBadLines(@TempDir Path dir) throws Exception {
        Simulation simulation = CohortSimulator.simulate(SimulationConfig.builder(LocalDate.of(2026, 6, 30))
                .clients(16)
                .nights(75)
                .seed(7)
                .build());
        List<SleepRecord> sleep = simulation.sleepRecords();
        List<MassageSession> sessions = simulation.massageSessions();
        List<String> sleepLines = new ArrayList<>(sleep.stream()
                .map(r -> CanonicalJson.line(CanonicalJson.toJson(r)))
                .toList());
        sleepLines.add(3, "{this is not json");
        sleepLines.add(10, sleepLines.get(0).replace("\"timezone\":\"", "\"timezone\":\"Mars/"));
        Path sleepFile = Files.write(dir.resolve("sleep.jsonl"), sleepLines);
        Path sessionsFile = Files.write(
                dir.resolve("sessions.jsonl"),
                sessions.stream()
                        .map(s -> CanonicalJson.line(CanonicalJson.toJson(s)))
                        .toList());
        Path out = dir.resolve("out/metrics.jsonl");

        CliRun run = CliRun.of(
                "replay",
                "--sleep",
                sleepFile.toString(),
                "--sessions",
                sessionsFile.toString(),
                "--out",
                out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err())
                .contains("sleep.jsonl:4: $: is not well-formed JSON")
                .contains("sleep.jsonl:11: timezone: must be an IANA time zone id");
        assertThat(run.out()).contains("2 bad lines", "0 rejected by the topology");

        Map<String, JsonNode> expected = new HashMap<>();
        BatchComputation.compute(sleep, sessions, MetricSettings.defaults())
                .forEach((key, metric) -> expected.put(key.toString(), MetricJson.toJson(metric)));
        List<String> lines = Files.readAllLines(out);
        Map<String, JsonNode> actual = new HashMap<>();
        List<String> keysInFileOrder = new ArrayList<>();
        for (String line : lines) {
            JsonNode node = CanonicalJson.mapper().readTree(line);
            String key = node.get("clinicId").textValue() + "/"
                    + node.get("clientId").textValue() + "/"
                    + node.get("sessionId").textValue() + "/"
                    + node.get("window").textValue();
            keysInFileOrder.add(key);
            actual.put(key, node);
        }
        assertThat(expected).hasSizeGreaterThan(100);
        assertThat(keysInFileOrder).isSorted().doesNotHaveDuplicates();
        assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((key, want) -> {
            assertThat(actual.get(key).get("revision").longValue()).as(key).isPositive();
            assertSameWithin(key, want, actual.get(key));
        });
    }

    /** Every field equal, numbers to 1e-6; the revision counts emissions and has no batch counterpart. */
    private static void assertSameWithin(String path, JsonNode want, JsonNode got) {
        if (want.isObject()) {
            for (Iterator<String> names = want.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!name.equals("revision")) {
                    assertThat(got.has(name)).as(path + "." + name).isTrue();
                    assertSameWithin(path + "." + name, want.get(name), got.get(name));
                }
            }
        } else if (want.isNumber() && !want.isIntegralNumber()) {
            assertThat(got.isNumber()).as(path).isTrue();
            assertThat(got.doubleValue()).as(path).isCloseTo(want.doubleValue(), within(1e-6));
        } else {
            assertThat(got).as(path).isEqualTo(want);
        }
    }
}
