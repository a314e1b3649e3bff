package org.sleepdelta.streams.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.sleepdelta.streams.TopologySettings;

/**
 * The streams application alone in a JVM, for a test to kill: args are bootstrap servers, application id and state
 * directory. Prints RUNNING once it runs, then runs until killed.
 */
public final class ChildAppMain {
    private ChildAppMain() {}

    public static void main(String[] args) throws Exception {
        StreamsAppSettings settings = new StreamsAppSettings(
                args[0],
                args[1],
                Path.of(args[2]),
                StreamsConfig.EXACTLY_ONCE_V2,
                1,
                Duration.ofMillis(100),
                TopologySettings.defaults().keepingEverything(),
                Map.of());
        SleepChangeApp app = SleepChangeApp.start(settings, Duration.ofMinutes(2));
        System.out.println("RUNNING");
        app.awaitStop();
    }
}
