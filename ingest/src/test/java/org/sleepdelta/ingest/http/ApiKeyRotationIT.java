package org.sleepdelta.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sleepdelta.ingest.http.Canonical.sleep;

import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sleepdelta.ingest.auth.ApiKeyTool;
import org.sleepdelta.ingest.auth.TestPepper;

/** Keys are rotated by rewriting the keys file, without a restart. */
class ApiKeyRotationIT {
    private final ApiKeyTool.NewApiKey fromEnvironment = TestPepper.key(Canonical.CLINIC, "environment key");
    private RunningIngest ingest;

    @BeforeEach
    void start() {
        ingest = RunningIngest.builder()
                .setting("api-keys", fromEnvironment.keysFileLine())
                .start();
    }

    @AfterEach
    void stop() {
        ingest.close();
    }

    @Test
    void rewrittenKeysFileRetiresRemovedKeysAndAdmitsNewOnes() {
        // given
        String oldKey = ingest.key;
        ApiKeyTool.NewApiKey next = TestPepper.key(Canonical.CLINIC, "rotated");
        assertThat(dryRun(oldKey)).isEqualTo(200);
        assertThat(dryRun(next.key())).isEqualTo(401);

        // when the file lists only the new key
        ingest.writeKeys(List.of(next.keysFileLine()));

        // then, within the check interval, the old key stops and the new one works, for real writes too
        Awaitility.await("the rotation to take effect")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> dryRun(oldKey) == 401 && dryRun(next.key()) == 200);
        assertThat(ingest.client
                        .post("/v1/sleep-records")
                        .key(next.key())
                        .json(sleep("rotated-1", "r1", 1))
                        .send()
                        .status())
                .isEqualTo(202);
        assertThat(ingest.client
                        .post("/v1/sleep-records")
                        .key(oldKey)
                        .json(sleep("rotated-2", "r2", 1))
                        .send()
                        .status())
                .isEqualTo(401);
        // keys from the environment are not the file's to revoke
        assertThat(dryRun(fromEnvironment.key())).isEqualTo(200);
    }

    @Test
    void badKeysFileKeepsThePreviousKeysAndLogsWithoutKeyMaterial() {
        // given a file with one good line and one broken line holding a would-be hash
        ApiKeyTool.NewApiKey wouldBe = TestPepper.key(Canonical.CLINIC, null);
        String brokenLine = wouldBe.keysFileLine().replace(" = ", " ");
        try (LogCapture logs = new LogCapture()) {
            // when
            ingest.writeKeys(List.of(wouldBe.keysFileLine(), brokenLine));

            // then an error is logged, naming the line but not its content
            Awaitility.await("the bad file to be noticed")
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        dryRun(ingest.key); // requests trigger the check
                        return logs.lines().stream().anyMatch(l -> l.contains("is invalid"));
                    });
            String error = logs.lines().stream()
                    .filter(l -> l.contains("is invalid"))
                    .findFirst()
                    .orElseThrow();
            assertThat(error)
                    .contains("line 2: expected hmac-sha256:<hex> = <clinicId>", "keeping the previous 3 keys");
            assertThat(logs.lines())
                    .noneMatch(l -> l.contains(wouldBe.keysFileLine().substring(12, 40))
                            || l.contains(ingest.key)
                            || l.contains(wouldBe.key()));
        }
        // and the previous keys still work, while the bad file's keys do not
        assertThat(dryRun(ingest.key)).isEqualTo(200);
        assertThat(ingest.client
                        .post("/v1/sleep-records?dryRun=true")
                        .key(ingest.otherClinicKey)
                        .json(sleep("dry", "d", 1).put("clinicId", RunningIngest.OTHER_CLINIC))
                        .send()
                        .status())
                .isEqualTo(200);
        assertThat(dryRun(wouldBe.key())).isEqualTo(401);
    }

    private int dryRun(String key) {
        return ingest.client
                .post("/v1/sleep-records?dryRun=true")
                .key(key)
                .json(sleep("dry", "d", 1))
                .send()
                .status();
    }
}
