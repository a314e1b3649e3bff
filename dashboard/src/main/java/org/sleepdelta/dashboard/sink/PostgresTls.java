package org.sleepdelta.dashboard.sink;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * How the sink's connection to PostgreSQL uses TLS: pgjdbc's SSL mode and root certificate parameters, given as
 * settings ({@code jdbc-sslmode}, {@code jdbc-sslrootcert}) so that the JDBC URL can stay plain. {@code verify-full}
 * with the CA that signed the server's certificate is what a deployment over a network wants: the connection is
 * encrypted, the server proves it holds a certificate from that CA, and the certificate names the host connected to.
 *
 * @param sslMode     one of {@link #MODES}, or null to leave pgjdbc's default ({@code prefer}) or the URL's
 * @param sslRootCert the CA file (PEM) the server's certificate must chain to, or null for pgjdbc's default
 *                    ({@code ~/.postgresql/root.crt})
 */
public record PostgresTls(String sslMode, Path sslRootCert) {
    public static final List<String> MODES =
            List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    public static final PostgresTls DRIVER_DEFAULTS = new PostgresTls(null, null);
    private static final Pattern AMPERSAND = Pattern.compile("&");

    public PostgresTls {
        if (sslMode != null && !MODES.contains(sslMode)) {
            throw new IllegalArgumentException("sslmode must be one of " + MODES + ", was " + sslMode);
        }
    }

    /** Adds what is set to pgjdbc's connection properties. */
    void addTo(Properties properties) {
        if (sslMode != null) {
            properties.setProperty("sslmode", sslMode);
        }
        if (sslRootCert != null) {
            properties.setProperty("sslrootcert", sslRootCert.toString());
        }
    }

    /**
     * Refuses a URL that says otherwise: pgjdbc lets the URL's parameters win over connection properties, so a
     * leftover {@code ?sslmode=disable} would silently undo {@code jdbc-sslmode=verify-full}.
     */
    void checkAgainst(String jdbcUrl) {
        Map<String, String> parameters = parameters(jdbcUrl);
        conflict("sslmode", "jdbc-sslmode", sslMode, parameters);
        conflict("sslrootcert", "jdbc-sslrootcert", sslRootCert == null ? null : sslRootCert.toString(), parameters);
    }

    private static void conflict(String parameter, String setting, String value, Map<String, String> parameters) {
        String inUrl = parameters.get(parameter);
        if (value != null && inUrl != null && !inUrl.equals(value)) {
            throw new IllegalArgumentException("jdbc-url sets " + parameter + "=" + inUrl + " but " + setting + " is "
                    + value + ": the URL would win, so remove one of them");
        }
    }

    @SuppressWarnings("StringSplitter") // empty pieces have no '=' and are skipped
    private static Map<String, String> parameters(String jdbcUrl) {
        Map<String, String> parameters = new HashMap<>();
        int query = jdbcUrl.indexOf('?');
        if (query < 0) {
            return parameters;
        }
        for (String pair : AMPERSAND.split(jdbcUrl.substring(query + 1))) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                parameters.put(
                        URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }
}
