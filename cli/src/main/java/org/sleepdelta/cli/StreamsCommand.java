package org.sleepdelta.cli;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.sleepdelta.cli.service.ServiceOptions;
import org.sleepdelta.platform.config.Configuration;
import org.sleepdelta.platform.config.KafkaClientProperties;
import org.sleepdelta.schemas.TopicSetup;
import org.sleepdelta.streams.app.MasterKeySettings;
import org.sleepdelta.streams.app.SleepChangeApp;
import org.sleepdelta.streams.app.StreamsAppSettings;
import org.sleepdelta.streams.app.StreamsConfiguration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "streams",
        mixinStandardHelpOptions = true,
        description =
                "Runs the sleep-change streams application against a Kafka cluster until stopped. Configuration: defaults < --config file < SLEEPDELTA_* environment variables.")
public final class StreamsCommand implements Callable<Integer> {
    @Mixin
    ServiceOptions options;

    @Option(
            names = "--create-topics",
            negatable = true,
            defaultValue = "true",
            description = "Create missing topics with the configured partition count (default: ${DEFAULT-VALUE}).")
    boolean createTopics;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Optional<Configuration> loaded =
                options.load(StreamsConfiguration.ALL, spec.commandLine().getOut());
        if (loaded.isEmpty()) {
            return 0;
        }
        Configuration config = loaded.get();
        StreamsAppSettings settings = StreamsConfiguration.appSettings(config);
        if (settings.masterKeys() == null) {
            // Ingest encrypts every payload; without the master keys this service could open none of them.
            throw new IllegalArgumentException(MasterKeySettings.missing());
        }
        if (createTopics) {
            try (Admin admin = Admin.create(adminConfig(settings))) {
                TopicSetup.ensure(
                        admin,
                        config.get(StreamsConfiguration.PARTITIONS),
                        config.get(StreamsConfiguration.REPLICATION_FACTOR).shortValue(),
                        StreamsConfiguration.topicBounds(config));
            }
        }
        try (SleepChangeApp app = SleepChangeApp.start(settings, Duration.ofMinutes(5))) {
            Runtime.getRuntime().addShutdownHook(new Thread(app::close, "streams-shutdown"));
            spec.commandLine()
                    .getErr()
                    .println("sleepdelta streams running (application id " + settings.applicationId() + ")");
            app.awaitStop();
            return app.failure() == null ? 0 : 1;
        }
    }

    /** The topic-creating admin client: kafka.* and kafka.admin.* under our bootstrap-servers. */
    static Map<String, Object> adminConfig(StreamsAppSettings settings) {
        return settings.kafka()
                .clientConfig(
                        KafkaClientProperties.Kind.ADMIN,
                        Map.of(),
                        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers()));
    }
}
