package org.sleepdelta.embedded;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/** Waits until a starting broker serves clients, or its process dies, or time runs out. */
final class BrokerReadiness {

    enum Outcome {
        READY,
        PROCESS_EXITED,
        TIMED_OUT
    }

    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private BrokerReadiness() {}

    static Outcome await(Process broker, BrokerPorts ports, Instant deadline) throws InterruptedException {
        return await(
                broker,
                ports,
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + ports.client()),
                deadline);
    }

    /**
     * @param adminProperties how an admin client reaches the broker: its bootstrap servers and, for a secured broker,
     *     its credentials
     */
    static Outcome await(Process broker, BrokerPorts ports, Map<String, Object> adminProperties, Instant deadline)
            throws InterruptedException {
        // A plain TCP probe first: an Admin pointed at a closed port logs a warning per attempt into our console.
        while (!accepts(ports.client())) {
            Outcome stop = stopWaiting(broker, deadline);
            if (stop != null) {
                return stop;
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
        Map<String, Object> properties = new HashMap<>(adminProperties);
        properties.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
        properties.put(AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, "200");
        try (Admin admin = Admin.create(properties)) {
            while (true) {
                Outcome stop = stopWaiting(broker, deadline);
                if (stop != null) {
                    return stop;
                }
                if (seesOneNode(admin)) {
                    return Outcome.READY;
                }
                Thread.sleep(POLL_INTERVAL.toMillis());
            }
        }
    }

    private static Outcome stopWaiting(Process broker, Instant deadline) {
        if (!broker.isAlive()) {
            return Outcome.PROCESS_EXITED;
        }
        return Instant.now().isAfter(deadline) ? Outcome.TIMED_OUT : null;
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) POLL_INTERVAL.toMillis());
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static boolean seesOneNode(Admin admin) throws InterruptedException {
        // Short per-attempt timeouts keep the process-alive check above responsive.
        int attemptMillis = 1_000;
        try {
            return admin.describeCluster(new DescribeClusterOptions().timeoutMs(attemptMillis))
                            .nodes()
                            .get(attemptMillis, TimeUnit.MILLISECONDS)
                            .size()
                    == 1;
        } catch (ExecutionException | TimeoutException notYet) {
            return false;
        }
    }
}
