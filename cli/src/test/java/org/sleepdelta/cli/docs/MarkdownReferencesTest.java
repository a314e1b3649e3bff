package org.sleepdelta.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sleepdelta.cli.docs.MarkdownReferences.Kind.FILE_NAME;
import static org.sleepdelta.cli.docs.MarkdownReferences.Kind.LINK;
import static org.sleepdelta.cli.docs.MarkdownReferences.Kind.PATH;
import static org.sleepdelta.cli.docs.MarkdownReferences.Kind.TEST_CLASS;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sleepdelta.cli.docs.MarkdownReferences.Reference;

class MarkdownReferencesTest {
    private final MarkdownReferences parser = new MarkdownReferences(Set.of("cli", "docs", "dashboard", "ingest"));

    @Test
    void codeSpansWithARepositoryDirectoryOrKnownFileNameArePaths() {
        // when
        List<Reference> refs = parser.inMarkdown(
                "See `docs/architecture.md`, `cli/src/main/java` and `./sleepdelta demo`; also `README.md`.\n");

        // then
        assertThat(refs)
                .containsExactly(
                        new Reference(PATH, "docs/architecture.md", 1),
                        new Reference(PATH, "cli/src/main/java", 1),
                        new Reference(PATH, "./sleepdelta", 1),
                        new Reference(FILE_NAME, "README.md", 1));
    }

    @Test
    void urlsApiRoutesMimeTypesGlobsPlaceholdersOptionsAndBuildOutputAreNotPaths() {
        // when
        List<Reference> refs = parser.inMarkdown(String.join(
                "\n",
                "`https://example.org/docs/a.md` `/v1/wearables/{vendor}/sleep` `/metrics` `/etc/prometheus/x.yml`",
                "`application/json` `Europe/Berlin` `ingest/**/*.java` `docs/<name>.md` `--config=cli/x.md`",
                "`cli/target/sleepdelta.jar` `platform/.../kafka` `nights.json` `~/.m2/repository`"));

        // then
        assertThat(refs).isEmpty();
    }

    @Test
    void linksResolveWhateverTheirFormButNotUrlsOrAnchors() {
        // when
        List<Reference> refs = parser.inMarkdown(String.join(
                "\n",
                "[vendors](vendors/oura.md#fields), [home](https://example.org), [up](#top), [lic](../LICENSE)",
                "[ref]: ../CONTRIBUTING.md"));

        // then
        assertThat(refs)
                .containsExactly(
                        new Reference(LINK, "vendors/oura.md", 1),
                        new Reference(LINK, "../LICENSE", 1),
                        new Reference(LINK, "../CONTRIBUTING.md", 2));
    }

    @Test
    void fencedCodeCountsOnlyForTestClasses() {
        // when
        List<Reference> refs = parser.inMarkdown(String.join(
                "\n",
                "```",
                "./mvnw -pl ingest verify -Dit.test=LimitsIT `docs/x.md` [a](b.md)",
                "```",
                "Run `SummaryTableTest` and AppleHealthOneGigabyteBenchmark."));

        // then
        assertThat(refs)
                .containsExactly(
                        new Reference(TEST_CLASS, "LimitsIT", 2),
                        new Reference(TEST_CLASS, "SummaryTableTest", 4),
                        new Reference(TEST_CLASS, "AppleHealthOneGigabyteBenchmark", 4));
    }

    @Test
    void annotationsGlobsAndWordsThatOnlyContainTheSuffixAreNoTestClasses() {
        // when
        List<Reference> refs = parser.inMarkdown(
                "@ParameterizedTest, `-Dit.test=*IT`, Sink*IT, KafkaTestBroker, IT, Test and Benchmark.\n");

        // then
        assertThat(refs).isEmpty();
    }

    @Test
    void yamlValuesAndCommentsNameRepositoryPathsButNotContainerPathsOrUrls() {
        // when
        List<Reference> refs = parser.inYaml(String.join(
                "\n",
                "# See dashboard/README-draft.md; ProvisioningFilesTest checks it. http://localhost:3000/x.md",
                "      - ./dashboard/postgres/init.sql:/docker-entrypoint-initdb.d/10-sleepdelta.sql:ro",
                "rule_files:",
                "  - alerts.yml   # next to this file"));

        // then
        assertThat(refs)
                .containsExactly(
                        new Reference(TEST_CLASS, "ProvisioningFilesTest", 1),
                        new Reference(PATH, "dashboard/README-draft.md", 1),
                        new Reference(PATH, "./dashboard/postgres/init.sql", 2),
                        new Reference(FILE_NAME, "alerts.yml", 4));
    }
}
