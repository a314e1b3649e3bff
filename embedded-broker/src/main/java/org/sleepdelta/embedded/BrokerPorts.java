package org.sleepdelta.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * The loopback ports a single-node broker listens on: one for clients, one for its KRaft controller, and one for the
 * inter-broker listener of a secured broker (unused by a PLAINTEXT broker, whose client listener is also its
 * inter-broker listener).
 */
record BrokerPorts(int client, int controller, int internal) {

    /**
     * Asks the operating system for three currently free ports. The sockets stay open until all ports are known, so
     * no two coincide. Someone else may still take a port before the broker binds it; the caller retries.
     */
    static BrokerPorts pickFree() {
        try (ServerSocket client = bindAnyLoopbackPort();
                ServerSocket controller = bindAnyLoopbackPort();
                ServerSocket internal = bindAnyLoopbackPort()) {
            return new BrokerPorts(client.getLocalPort(), controller.getLocalPort(), internal.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException("could not find free loopback ports for the Kafka broker", e);
        }
    }

    private static ServerSocket bindAnyLoopbackPort() throws IOException {
        // The exact address the broker listens on, even where "localhost" would prefer IPv6.
        return new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
    }
}
