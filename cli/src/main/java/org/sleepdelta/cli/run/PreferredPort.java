package org.sleepdelta.cli.run;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * The demo's ports: the services' usual ports when they are free (so the addresses it prints, and a Prometheus or
 * Grafana pointed at them, stay the same from run to run), any free port otherwise, so that a busy port on the
 * user's machine never stops the demo. The caller prints the port the server actually bound.
 */
public final class PreferredPort {
    private PreferredPort() {}

    /** {@code preferred} if nothing listens on it on loopback now, else 0 (any free port); 0 stays 0. */
    public static int orAnyFree(int preferred) {
        if (preferred == 0) {
            return 0;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), preferred));
            return preferred;
        } catch (IOException busy) {
            return 0;
        }
    }

    /** A port that was free a moment ago, for servers that cannot bind port 0 themselves. */
    public static int anyFree() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on loopback", e);
        }
    }
}
