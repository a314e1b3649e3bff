package org.sleepdelta.platform.config;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A network address such as {@code broker1:9092} or {@code [::1]:9092}. */
public record HostPort(String host, int port) {

    private static final Pattern HOST_AND_PORT = Pattern.compile("([A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+\\]):(\\d{1,5})");

    public HostPort {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be from 1 to 65535, was " + port);
        }
    }

    static HostPort parse(String text) {
        Matcher matcher = HOST_AND_PORT.matcher(text);
        if (!matcher.matches()) {
            throw new InvalidValueException("\"" + text + "\" is not host:port");
        }
        int port = Integer.parseInt(matcher.group(2));
        if (port < 1 || port > 65535) {
            throw new InvalidValueException("port " + port + " in \"" + text + "\" is not from 1 to 65535");
        }
        return new HostPort(matcher.group(1), port);
    }

    /** The form Kafka's {@code bootstrap.servers} takes: {@code host1:9092,host2:9092}. */
    public static String commaSeparated(List<HostPort> addresses) {
        return addresses.stream().map(HostPort::toString).collect(Collectors.joining(","));
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
