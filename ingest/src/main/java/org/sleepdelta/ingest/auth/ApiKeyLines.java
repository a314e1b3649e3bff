package org.sleepdelta.ingest.auth;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sleepdelta.schemas.Ids;

/**
 * Reads stored API keys, one per line: {@code <sha256-hex> = <clinicId> [label]}. Blank lines and lines starting with
 * {@code #} are ignored; the label is the rest of the line. A problem names the line and what is expected, but never
 * quotes the line, so that error messages and logs carry no key material.
 *
 * <pre>
 * # clinic-berlin, front desk (created 2026-03-01)
 * 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 = clinic-berlin front desk
 * </pre>
 */
public final class ApiKeyLines {
    static final String FORMAT = "<sha256-hex> = <clinicId> [label]";
    private static final Pattern LINE = Pattern.compile("\\s*(\\p{XDigit}{64})\\s*=\\s*(\\S+)(?:\\s+(.*?))?\\s*");

    /** The keys read, and a problem per bad line; the keys are only to be used when there is no problem. */
    public record Result(List<StoredApiKey> keys, List<String> problems) {
        public Result {
            keys = List.copyOf(keys);
            problems = List.copyOf(problems);
        }

        public boolean isValid() {
            return problems.isEmpty();
        }
    }

    private ApiKeyLines() {}

    /** @param where names the source in problems, e.g. {@code line} or {@code entry} */
    public static Result parse(List<String> lines, String where) {
        List<StoredApiKey> keys = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            String position = where + " " + (i + 1);
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                problems.add(position + ": expected " + FORMAT);
                continue;
            }
            String clinicId = m.group(2);
            if (!Ids.isValid(clinicId)) {
                problems.add(position + ": the clinic id must match " + Ids.PATTERN.pattern());
                continue;
            }
            String hex = m.group(1).toLowerCase(Locale.ROOT);
            if (!seen.add(hex)) {
                problems.add(position + ": the same key hash is listed twice");
                continue;
            }
            String label = m.group(3) == null || m.group(3).isBlank() ? null : m.group(3);
            keys.add(new StoredApiKey(ApiKeyHash.fromHex(hex), clinicId, label));
        }
        return new Result(keys, problems);
    }

    /** The environment form: entries separated by {@code ;} or new lines. */
    public static Result parseEnvironment(String value) {
        return parse(List.of(value.split("[;\\n]", -1)), "entry");
    }
}
