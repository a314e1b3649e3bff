package org.sleepdelta.dashboard.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Dockerfile against the build it packages (cli/pom.xml) and .dockerignore. */
class DockerfileTest {
    private final String dockerfile = Repo.read("Dockerfile");

    @Test
    void buildsWithTheWrapperOnJdk17AndRunsTheCliJarOnJre17() {
        assertThat(dockerfile)
                .containsPattern("(?m)^FROM eclipse-temurin:17-jdk AS build$")
                .containsPattern("(?m)^FROM eclipse-temurin:17-jre$")
                .containsPattern("(?m)^RUN .*\\./mvnw -B .*-DskipTests( -D[A-Za-z]+)* package$")
                .contains(
                        "ENTRYPOINT [\"java\", \"-XX:+ExitOnOutOfMemoryError\", \"-jar\", \"cli/target/sleepdelta.jar\"]");
    }

    @Test
    void copiesTheJarWithItsLibDirectoryWhereItsManifestLooks() {
        String cliPom = Repo.read("cli/pom.xml");
        Matcher finalName = Pattern.compile("<finalName>([^<]+)</finalName>").matcher(cliPom);
        Matcher prefix =
                Pattern.compile("<classpathPrefix>([^<]+)</classpathPrefix>").matcher(cliPom);
        assertThat(finalName.find()).isTrue();
        assertThat(prefix.find()).isTrue();
        String jar = "cli/target/" + finalName.group(1) + ".jar";
        String lib = "cli/target/" + prefix.group(1);

        assertThat(dockerfile)
                .contains("COPY --from=build /src/" + jar + " " + jar)
                .contains("COPY --from=build /src/" + lib + " " + lib)
                .contains("WORKDIR /app")
                // Kafka's broker (demo and replay only) stays out of the image.
                .doesNotContainPattern("(?m)^COPY .*broker-lib");
    }

    @Test
    void theBuildContextKeepsEverythingMavenNeeds() {
        List<String> ignored = Repo.read(".dockerignore")
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
        Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(Repo.read("pom.xml"));
        List<String> needed = new ArrayList<>(List.of("pom.xml", "mvnw", ".mvn"));
        while (module.find()) {
            needed.add(module.group(1));
        }
        assertThat(needed).contains("dashboard", "cli");
        assertThat(ignored).doesNotContainAnyElementsOf(needed).contains("**/target", ".git");
        assertThat(ignored)
                .noneMatch(pattern -> pattern.startsWith("*")
                        && !pattern.startsWith("**/target")
                        && !pattern.equals("*.log")
                        && !pattern.equals("**/*.iml"));
    }

    @Test
    void theImageChecksItsOwnHealthAndExitsOnOutOfMemory() {
        assertThat(dockerfile)
                .containsPattern("(?m)^HEALTHCHECK --interval=\\d+s --timeout=\\d+s ")
                .contains("CMD curl -fsS -o /dev/null \"$SLEEPDELTA_HEALTH_URL\" || exit 1")
                .containsPattern("(?m)^ENV SLEEPDELTA_HEALTH_URL=http://127\\.0\\.0\\.1:8080/health/ready$");
    }
}
