package org.sleepdelta.cli.docs;

/**
 * How the docs may write a setting's default. Exactly as the code has it, except for a default under the machine's
 * temporary directory (e.g. streams' {@code state-dir}), which differs per machine: the docs write it as
 * {@code ${java.io.tmpdir}/...} (or any text naming {@code java.io.tmpdir} followed by the rest).
 */
final class DefaultValues {
    private static final String TMPDIR = "java.io.tmpdir";

    private DefaultValues() {}

    /** @param documented the table cell, backticks removed */
    static boolean matches(String documented, String codeDefault) {
        String portable = portable(codeDefault);
        if (portable.equals(codeDefault)) {
            return documented.equals(codeDefault);
        }
        String rest = portable.substring(portable.indexOf('}') + 1);
        return documented.contains(TMPDIR) && documented.endsWith(rest.replaceFirst("^[/\\\\]", ""));
    }

    /** The default with the machine's temporary directory written as {@code ${java.io.tmpdir}}. */
    static String portable(String codeDefault) {
        String tmp = System.getProperty(TMPDIR).replaceFirst("[/\\\\]$", "");
        return codeDefault.startsWith(tmp) ? "${" + TMPDIR + "}" + codeDefault.substring(tmp.length()) : codeDefault;
    }
}
