package org.sleepdelta.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sleepdelta.cli.SleepdeltaCli;

/**
 * {@code bench --quick --json} end to end on its own embedded broker, so the bench cannot rot: every phase produces
 * its rows, the record counts are those generated, and the backfill's output equals the batch definition. It
 * checks the bench's structure and correctness, never a timing.
 */
class BenchCommandIT {

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = SleepdeltaCli.commandLine()
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void quickRunReportsEveryPhaseWithTheGeneratedCountsAndAnEqualOutput() throws Exception {
        Run run = run("bench", "--quick", "--json");

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.get("environment").get("cores").asInt())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(report.get("environment").has("jvm")).isTrue();
        assertThat(report.get("environment").has("max heap")).isTrue();
        assertThat(report.get("settings").get("broker").asText())
                .contains("heap")
                .doesNotContain("unknown");
        List<JsonNode> rows = new ArrayList<>();
        report.get("rows").forEach(rows::add);

        long generated = value(rows, "data", "input records");
        assertThat(generated).isPositive();
        assertThat(value(rows, "limit", "input records")).isEqualTo(generated);
        assertThat(value(rows, "backfill", "input records")).isEqualTo(generated);

        for (String measure : List.of("producer", "pass-through, 1 thread", "pass-through, 2 threads")) {
            assertThat(number(rows, "limit", measure)).as(measure).isPositive();
        }
        for (String measure : List.of(
                "backfill",
                "backfill / pass-through (1 thread)",
                "backfill, CPU",
                "state per client",
                "changelogs per client",
                "restore from changelogs")) {
            assertThat(number(rows, "backfill", measure)).as(measure).isPositive();
        }
        JsonNode check = row(rows, "backfill", "output check").orElseThrow();
        assertThat(check.get("value").asLong()).isZero();
        assertThat(check.get("note").asText()).startsWith("equal");

        for (String history : List.of("30 nights", "60 nights")) {
            assertThat(number(rows, "growth", "tail records, " + history)).isPositive();
            assertThat(number(rows, "growth", "tail CPU, " + history)).isPositive();
            assertThat(number(rows, "growth", "state per client, " + history)).isPositive();
        }
        assertThat(number(rows, "growth", "CPU per tail record, 60 / 30 nights"))
                .isPositive();

        long scalingInput = value(rows, "scaling", "input records");
        assertThat(scalingInput).isPositive();
        for (String shape : List.of("1 instance, 1 thread", "1 instance, 2 threads", "2 instances, 1 thread each")) {
            assertThat(number(rows, "scaling", shape)).as(shape).isPositive();
        }

        // Until the freshness probe is merged its phase says so; afterwards it reports its latencies.
        assertThat(rows.stream().filter(r -> r.get("phase").asText().equals("freshness")))
                .isNotEmpty();
        assertThat(run.err()).isEmpty(); // progress goes to the process's stderr, errors would come here
    }

    @Test
    void helpNamesThePhasesAndOptions() {
        Run run = run("bench", "--help");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("--quick", "--json", "--phases", "--clients", "--nights", "--seed");
    }

    @Test
    void anUnknownPhaseIsAUsageError() {
        Run run = run("bench", "--phases", "limit,speed");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("unknown phase 'speed'");
    }

    private static Optional<JsonNode> row(List<JsonNode> rows, String phase, String measure) {
        return rows.stream()
                .filter(r -> r.get("phase").asText().equals(phase)
                        && r.get("measure").asText().equals(measure))
                .findFirst();
    }

    private static double number(List<JsonNode> rows, String phase, String measure) {
        JsonNode row = row(rows, phase, measure).orElseThrow(() -> new AssertionError(phase + " / " + measure));
        assertThat(row.get("value").isNumber()).as(phase + " / " + measure).isTrue();
        return row.get("value").asDouble();
    }

    private static long value(List<JsonNode> rows, String phase, String measure) {
        return Math.round(number(rows, phase, measure));
    }
}
