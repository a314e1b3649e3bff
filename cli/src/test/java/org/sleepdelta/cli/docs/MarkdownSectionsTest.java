package org.sleepdelta.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownSectionsTest {
    private static final String DOC = String.join(
            "\n",
            "# Commands",
            "## import",
            "`--dry-run`",
            "### import sessions",
            "`--mapping <file>`",
            "```",
            "## not a heading",
            "```",
            "## `ingest`",
            "| key | default | meaning |",
            "|-----|---------|---------|",
            "| `http-port` | `8080` | where | ",
            "| `api-keys` | | one \\| two |");

    @Test
    void sectionRunsToTheNextHeadingOfTheSameOrHigherLevelIncludingSubsections() {
        // when
        MarkdownSections sections = MarkdownSections.of(DOC);

        // then
        assertThat(sections.all())
                .extracting(MarkdownSections.Section::title)
                .containsExactly("Commands", "import", "import sessions", "ingest");
        assertThat(sections.find("import"::equals).orElseThrow().body())
                .contains("`--dry-run`", "`--mapping <file>`", "## not a heading")
                .doesNotContain("http-port");
        assertThat(sections.find("import sessions"::equals).orElseThrow().body())
                .doesNotContain("--dry-run");
    }

    @Test
    void tableRowsAreCellsWithoutTheSeparatorRow() {
        // when
        List<List<String>> rows =
                MarkdownSections.of(DOC).find("ingest"::equals).orElseThrow().tableRows();

        // then
        assertThat(rows)
                .containsExactly(
                        List.of("key", "default", "meaning"),
                        List.of("`http-port`", "`8080`", "where"),
                        List.of("`api-keys`", "", "one \\| two"));
    }
}
