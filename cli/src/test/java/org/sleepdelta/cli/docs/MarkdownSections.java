package org.sleepdelta.cli.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Markdown document cut at its ATX headings ({@code ## name}): each section runs from its heading to the next heading
 * of the same or a higher level, so it includes its subsections. Headings inside fenced code are not headings.
 */
final class MarkdownSections {
    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern FENCE = Pattern.compile("^\\s{0,3}(```|~~~)");

    /** @param title the heading's text without backticks, trimmed */
    record Section(int level, String title, String body) {
        /** The rows of the Markdown tables in this section, as trimmed cells (separator rows left out). */
        List<List<String>> tableRows() {
            List<List<String>> rows = new ArrayList<>();
            for (String line : body.split("\n")) {
                String trimmed = line.trim();
                if (!trimmed.startsWith("|") || trimmed.matches("\\|[\\s|:-]*")) {
                    continue;
                }
                String inner = trimmed.substring(1, trimmed.endsWith("|") ? trimmed.length() - 1 : trimmed.length());
                List<String> cells = new ArrayList<>();
                for (String cell : inner.split("(?<!\\\\)\\|", -1)) {
                    cells.add(cell.trim());
                }
                rows.add(cells);
            }
            return rows;
        }
    }

    private final List<Section> sections;

    private MarkdownSections(List<Section> sections) {
        this.sections = sections;
    }

    static MarkdownSections of(String markdown) {
        String[] lines = markdown.split("\n", -1);
        List<int[]> headings = new ArrayList<>(); // {line index, level}
        List<String> titles = new ArrayList<>();
        boolean fenced = false;
        for (int i = 0; i < lines.length; i++) {
            if (FENCE.matcher(lines[i]).find()) {
                fenced = !fenced;
                continue;
            }
            Matcher heading = HEADING.matcher(lines[i]);
            if (!fenced && heading.matches()) {
                headings.add(new int[] {i, heading.group(1).length()});
                titles.add(heading.group(2).replace("`", "").trim());
            }
        }
        List<Section> sections = new ArrayList<>();
        for (int h = 0; h < headings.size(); h++) {
            int start = headings.get(h)[0];
            int level = headings.get(h)[1];
            int end = lines.length;
            for (int next = h + 1; next < headings.size(); next++) {
                if (headings.get(next)[1] <= level) {
                    end = headings.get(next)[0];
                    break;
                }
            }
            StringBuilder body = new StringBuilder();
            for (int i = start + 1; i < end; i++) {
                body.append(lines[i]).append('\n');
            }
            sections.add(new Section(level, titles.get(h), body.toString()));
        }
        return new MarkdownSections(List.copyOf(sections));
    }

    List<Section> all() {
        return sections;
    }

    /** The first section whose title passes the test. */
    Optional<Section> find(Predicate<String> title) {
        return sections.stream().filter(s -> title.test(s.title())).findFirst();
    }
}
