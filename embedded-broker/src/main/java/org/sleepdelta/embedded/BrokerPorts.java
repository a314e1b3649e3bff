package org.sleepdelta.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** The two loopback ports a single-node broker listens on: one for clients, one for its KRaft controller. */
record BrokerPorts(int client, int controller) {

    /**
     * Asks the operating system for two currently free ports. Both sockets stay open until both ports are known, so
     * the two cannot coincide. Someone else may still take a port before the broker binds it; the caller retries.
     */
    static BrokerPorts pickFree() {
        try (ServerSocket client = bindAnyLoopbackPort();
                ServerSocket controller = bindAnyLoopbackPort()) {
            return new BrokerPorts(client.getLocalPort(), controller.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException("could not find free loopback ports for the Kafka broker", e);
        }
    }

    private static ServerSocket bindAnyLoopbackPort() throws IOException {
        // The exact address the broker listens on, even where "localhost" would prefer IPv6.
        return new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
    }
}
