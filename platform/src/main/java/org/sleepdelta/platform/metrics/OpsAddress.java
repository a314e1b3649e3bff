package org.sleepdelta.platform.metrics;

/**
 * Where a service serves its ops endpoints ({@link OpsHttpServer}).
 *
 * @param host the interface to listen on: {@code 127.0.0.1} keeps them on the machine, {@code 0.0.0.0} in a container
 * @param port 0 picks a free port (see {@link OpsHttpServer#port()})
 */
public record OpsAddress(String host, int port) {
    public OpsAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("a host is required");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be from 0 to 65535, was " + port);
        }
    }
}
