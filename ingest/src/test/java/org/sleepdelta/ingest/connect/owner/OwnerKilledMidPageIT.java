package org.sleepdelta.ingest.connect.owner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sleepdelta.ingest.vendor.jsonapi.SourceRecordIds;
import org.sleepdelta.schemas.connections.Connection;
import org.sleepdelta.schemas.connections.ConnectionStatus;

/**
 * kill -9 of an owner in the middle of a page: an owner in a child JVM backfills 5 nights (2 a chunk, a page a night)
 * and is killed while fetching the 4th; a new owner of the group takes over. Every night is on the topic exactly
 * once, the new owner resumes at the page after the last committed one, and the connection ends caught up.
 */
class OwnerKilledMidPageIT {
    private final OwnerFixture fixture = new OwnerFixture();
    private Process child;

    @AfterEach
    void close() {
        if (child != null) {
            child.destroyForcibly();
        }
        fixture.close();
    }

    @Test
    void aKilledOwnerLeavesNoGapAndNoDuplicate() throws IOException {
        // given an owner in a child JVM that blocks on the 4th night's page
        LocalDate today = fixture.today();
        LocalDate blockOn = today.minusDays(1);
        Path output = Files.createTempFile("sleepdelta-child-owner-", ".txt");
        child = startChild(blockOn, output);
        ScriptedVendor parentVendor = new ScriptedVendor(fixture.clock, null);
        fixture.connect("killed-1", parentVendor, 5);
        Awaitility.await("the child owner to block mid-page")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .failFast("the child JVM ended; output: " + output, () -> !child.isAlive())
                .until(() -> Files.readString(output).contains("BLOCKED"));
        Connection beforeKill = fixture.connection("killed-1").orElseThrow();
        assertThat(beforeKill.pull().pageCursor()).isEqualTo(blockOn.toString());
        assertThat(fixture.sleepRecordCounts()).hasSize(3);

        // when it is killed, and a new owner joins the group
        child.destroyForcibly();
        Awaitility.await("the child to die").atMost(Duration.ofSeconds(30)).until(() -> !child.isAlive());
        ScriptedVendor vendor = new ScriptedVendor(fixture.clock, null);
        vendor.acceptAnyAccessToken();
        fixture.startOwner(vendor);

        // then
        Awaitility.await("the connection to be caught up")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> fixture.connection("killed-1")
                        .map(c -> c.status() == ConnectionStatus.ACTIVE)
                        .orElse(false));
        Connection done = fixture.connection("killed-1").orElseThrow();
        assertThat(done.syncedThrough()).isEqualTo(today);
        assertThat(done.pull()).isNull();
        Map<String, Integer> counts = fixture.sleepRecordCounts();
        assertThat(counts).hasSize(5).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
        for (int back = 0; back < 5; back++) {
            assertThat(counts)
                    .containsKey(SourceRecordIds.of(
                            "oura", ScriptedVendor.documentId("user-killed-1", today.minusDays(back))));
        }
        assertThat(vendor.fetches().get(0).cursor()).isEqualTo(blockOn.toString());
    }

    private Process startChild(LocalDate blockOn, Path output) throws IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(classPath.replace(File.pathSeparator + File.pathSeparator, File.pathSeparator));
        command.add(ChildOwnerMain.class.getName());
        command.addAll(fixture.childArguments());
        command.add(blockOn.toString());
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
    }
}
