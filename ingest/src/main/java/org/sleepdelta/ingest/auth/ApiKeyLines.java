package org.sleepdelta.ingest.auth;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sleepdelta.schemas.Ids;

/**
 * Reads stored API keys, one per line:
 *
 * <pre>
 * hmac-sha256:&lt;hex&gt; = &lt;clinicId&gt; [scopes=write,erase,read] [expires=2027-06-30] [label]
 * </pre>
 *
 * The digest is {@code HMAC-SHA-256(pepper, key)} ({@link ApiKeyPepper}); {@code scopes} defaults to {@code write};
 * {@code expires} is a date (the key stops working at 00:00 UTC of that day) or an instant such as
 * {@code 2027-06-30T12:00:00Z}; the label is the rest of the line. Blank lines and lines starting with {@code #} are
 * ignored.
 *
 * <p>Lines of earlier versions, {@code <sha256-hex> = <clinicId> [label]} (a plain SHA-256 of the key), are still
 * read, so that a deployment keeps working while it rotates its keys; {@link Result#legacy()} names them, for a
 * warning. HMAC lines need a pepper: without one they are a problem, never silently skipped.
 *
 * <p>A problem names the line and what is expected, but never quotes the line, so that error messages and logs carry
 * no key material.
 */
public final class ApiKeyLines {
    public static final String HMAC_PREFIX = "hmac-sha256:";
    static final String FORMAT =
            "hmac-sha256:<hex> = <clinicId> [scopes=write,erase,read] [expires=YYYY-MM-DD] [label]";
    static final String NO_PEPPER = "hmac-sha256 keys need the API key pepper: set api-key-pepper-file "
            + "(SLEEPDELTA_API_KEY_PEPPER_FILE) or SLEEPDELTA_API_KEY_PEPPER";
    private static final Pattern LINE = Pattern.compile(
            "\\s*(" + Pattern.quote(HMAC_PREFIX) + ")?(\\p{XDigit}{64})\\s*=\\s*(\\S+)(?:\\s+(.*?))?\\s*");

    /**
     * The keys read, a problem per bad line, and the positions of legacy SHA-256 lines; the keys are only to be used
     * when there is no problem.
     */
    public record Result(List<StoredApiKey> keys, List<String> problems, List<String> legacy) {
        public Result {
            keys = List.copyOf(keys);
            problems = List.copyOf(problems);
            legacy = List.copyOf(legacy);
        }

        public boolean isValid() {
            return problems.isEmpty();
        }
    }

    private ApiKeyLines() {}

    /**
     * @param where           names the source in problems, e.g. {@code line} or {@code entry}
     * @param pepperAvailable whether HMAC lines can be checked; when not, each is a problem
     */
    public static Result parse(List<String> lines, String where, boolean pepperAvailable) {
        List<StoredApiKey> keys = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> legacy = new ArrayList<>();
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
            boolean hmac = m.group(1) != null;
            if (hmac && !pepperAvailable) {
                problems.add(position + ": " + NO_PEPPER);
                continue;
            }
            String clinicId = m.group(3);
            if (!Ids.isValid(clinicId)) {
                problems.add(position + ": the clinic id must match " + Ids.PATTERN.pattern());
                continue;
            }
            String hex = m.group(2).toLowerCase(Locale.ROOT);
            if (!seen.add((hmac ? HMAC_PREFIX : "") + hex)) {
                problems.add(position + ": the same key hash is listed twice");
                continue;
            }
            Attributes attributes = Attributes.parse(m.group(4));
            if (attributes.problem != null) {
                problems.add(position + ": " + attributes.problem);
                continue;
            }
            if (!hmac) {
                legacy.add(position);
            }
            keys.add(new StoredApiKey(
                    ApiKeyHash.fromHex(hex),
                    hmac ? StoredApiKey.Hashing.HMAC_SHA256 : StoredApiKey.Hashing.LEGACY_SHA256,
                    clinicId,
                    attributes.label,
                    attributes.scopes,
                    attributes.expires));
        }
        return new Result(keys, problems, legacy);
    }

    /** With a pepper available. */
    public static Result parse(List<String> lines, String where) {
        return parse(lines, where, true);
    }

    /**
     * The environment form: entries separated by {@code ;} or new lines. Checked as if a pepper were available: the
     * service refuses HMAC entries without one when it builds its key set.
     */
    public static Result parseEnvironment(String value) {
        return parse(List.of(value.split("[;\\n]", -1)), "entry");
    }

    /** {@code scopes=} and {@code expires=} (each at most once, in any order) before the label. */
    private static final class Attributes {
        Set<Scope> scopes = Scope.DEFAULT;
        Instant expires;
        String label;
        String problem;

        static Attributes parse(String rest) {
            Attributes a = new Attributes();
            String remaining = rest == null ? "" : rest.strip();
            boolean scopesSeen = false;
            boolean expiresSeen = false;
            while (true) {
                String token = remaining.split("\\s+", 2)[0];
                if (token.startsWith("scopes=") && !scopesSeen) {
                    scopesSeen = true;
                    Optional<Set<Scope>> scopes = scopes(token.substring("scopes=".length()));
                    if (scopes.isEmpty()) {
                        a.problem = "scopes must be a comma-separated list of " + Scope.names();
                        return a;
                    }
                    a.scopes = scopes.get();
                } else if (token.startsWith("expires=") && !expiresSeen) {
                    expiresSeen = true;
                    a.expires = expires(token.substring("expires=".length()));
                    if (a.expires == null) {
                        a.problem = "expires must be a date like 2027-06-30 or an instant like 2027-06-30T12:00:00Z";
                        return a;
                    }
                } else {
                    break;
                }
                remaining = remaining.substring(token.length()).strip();
            }
            a.label = remaining.isEmpty() ? null : remaining;
            return a;
        }

        private static Optional<Set<Scope>> scopes(String text) {
            Set<Scope> scopes = EnumSet.noneOf(Scope.class);
            for (String name : text.split(",", -1)) {
                Optional<Scope> scope = Scope.of(name.toLowerCase(Locale.ROOT));
                if (scope.isEmpty()) {
                    return Optional.empty();
                }
                scopes.add(scope.get());
            }
            return Optional.of(scopes);
        }

        private static Instant expires(String text) {
            try {
                return text.contains("T")
                        ? Instant.parse(text)
                        : LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeException e) {
                return null;
            }
        }
    }
}
