package org.sleepdelta.cli.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The repository files and test classes a Markdown or YAML file names, found by these rules:
 *
 * <ul>
 *   <li><b>Links</b> {@code [text](target)} and {@code [label]: target} name a file relative to the document's
 *       directory, whatever its form; URLs ({@code scheme:}), pure anchors ({@code #...}) are not files, and an
 *       anchor after a file is dropped.
 *   <li><b>Code spans</b> (Markdown) and <b>values and comments</b> (YAML) are split into tokens. A token is a path
 *       when it holds a {@code /} and starts with {@code ./}, {@code ../} or the name of an entry at the repository
 *       root ({@code cli/...}, {@code docs/...}); or when it is a bare file name ending in {@code .md}, {@code .java},
 *       {@code .yml} or {@code .yaml}, which must be the name of some file of the repository. Not paths: URLs,
 *       absolute paths (container paths, {@code /v1/...} API routes, {@code /metrics}), options ({@code -...}),
 *       globs and placeholders (any of {@code * ? < > { } [ ] $ ~ | = @ ,} or {@code ...}), other words with a slash
 *       ({@code application/json}, {@code Europe/Berlin}), and build output (a {@code target} directory).
 *   <li><b>Test classes</b>: anywhere in the text, also in fenced code, an identifier like {@code DemoIT},
 *       {@code SummaryTableTest} or {@code AppleHealthOneGigabyteBenchmark}: capitalised, ending in {@code Test},
 *       {@code IT} or {@code Benchmark}, not an annotation ({@code @ParameterizedTest}) and not part of a glob
 *       ({@code *IT}).
 * </ul>
 *
 * Fenced code blocks are commands and output: only their test classes count.
 */
final class MarkdownReferences {
    enum Kind {
        /** Relative to the repository root or to the document's directory. */
        PATH,
        /** Relative to the document's directory only, as a Markdown viewer follows it. */
        LINK,
        /** A file name that must be somewhere in the repository. */
        FILE_NAME,
        /** A class name that must be a {@code .java} file somewhere in the repository. */
        TEST_CLASS
    }

    record Reference(Kind kind, String target, int line) {}

    private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");
    private static final Pattern INLINE_LINK =
            Pattern.compile("\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern LINK_DEFINITION = Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s.*)?$");
    private static final Pattern FENCE = Pattern.compile("^\\s{0,3}(```|~~~)");
    private static final Pattern TEST_CLASS =
            Pattern.compile("(?<![@\\w*])([A-Z][A-Za-z0-9]*?[a-z0-9](?:Test|IT|Benchmark))(?![\\w*])");
    private static final Pattern URL = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://\\S*");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");
    private static final Pattern NOT_A_PATH = Pattern.compile(".*([*?<>{}\\[\\]$~|=@,]|\\.\\.\\.).*");
    private static final Pattern PATH_CHARACTERS = Pattern.compile("[A-Za-z0-9._/+-]+");
    private static final Pattern BARE_FILE_NAME = Pattern.compile("[A-Za-z0-9._-]+\\.(md|java|yml|yaml)");
    private static final Pattern LINE_SUFFIX = Pattern.compile(":\\d+(-\\d+)?$");
    private static final Pattern YAML_SEPARATORS = Pattern.compile("[\\s:\"'(),\\[\\]]+");

    private final Set<String> topLevelNames;

    /** @param topLevelNames the entries at the repository root, which make a token with a slash a path */
    MarkdownReferences(Set<String> topLevelNames) {
        this.topLevelNames = Set.copyOf(topLevelNames);
    }

    List<Reference> inMarkdown(String text) {
        List<Reference> found = new ArrayList<>();
        boolean fenced = false;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int number = i + 1;
            testClasses(line, number, found);
            if (FENCE.matcher(line).find()) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            Matcher span = CODE_SPAN.matcher(line);
            while (span.find()) {
                for (String token : span.group(1).trim().split("\\s+")) {
                    token(token, number, found);
                }
            }
            String withoutSpans = CODE_SPAN.matcher(line).replaceAll(" ");
            Matcher link = INLINE_LINK.matcher(withoutSpans);
            while (link.find()) {
                link(link.group(1), number, found);
            }
            Matcher definition = LINK_DEFINITION.matcher(withoutSpans);
            if (definition.matches()) {
                link(definition.group(1), number, found);
            }
        }
        return found;
    }

    List<Reference> inYaml(String text) {
        List<Reference> found = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = URL.matcher(lines[i]).replaceAll(" ");
            testClasses(line, i + 1, found);
            for (String token : YAML_SEPARATORS.split(line)) {
                token(token, i + 1, found);
            }
        }
        return found;
    }

    private static void testClasses(String line, int number, List<Reference> found) {
        Matcher m = TEST_CLASS.matcher(line);
        while (m.find()) {
            found.add(new Reference(Kind.TEST_CLASS, m.group(1), number));
        }
    }

    private static void link(String target, int number, List<Reference> found) {
        if (target.startsWith("#") || SCHEME.matcher(target).matches()) {
            return;
        }
        String file = target.replaceFirst("#.*$", "");
        found.add(new Reference(Kind.LINK, file, number));
    }

    private void token(String raw, int number, List<Reference> found) {
        String token = raw.replaceAll("^[(\"']+", "").replaceAll("[)\"'.,;:!]+$", "");
        token = LINE_SUFFIX.matcher(token).replaceFirst("");
        if (token.isEmpty()
                || token.contains("://")
                || token.startsWith("/")
                || token.startsWith("-")
                || NOT_A_PATH.matcher(token).matches()
                || !PATH_CHARACTERS.matcher(token).matches()) {
            return;
        }
        if (!token.contains("/")) {
            if (BARE_FILE_NAME.matcher(token).matches()) {
                found.add(new Reference(Kind.FILE_NAME, token, number));
            }
            return;
        }
        String first = token.substring(0, token.indexOf('/'));
        boolean anchored = first.equals(".") || first.equals("..") || topLevelNames.contains(first);
        boolean buildOutput = ("/" + token + "/").contains("/target/");
        if (anchored && !buildOutput) {
            found.add(new Reference(Kind.PATH, token, number));
        }
    }
}
