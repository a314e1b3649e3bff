package org.sleepdelta.cli;

import org.sleepdelta.cli.demo.DemoCommand;
import org.sleepdelta.cli.demo.SimulateCommand;
import org.sleepdelta.cli.imports.ImportCommand;
import org.sleepdelta.cli.replay.ReplayCommand;
import org.sleepdelta.cli.run.BrokerJarsMissingException;
import org.sleepdelta.cli.service.ApiKeyCommand;
import org.sleepdelta.cli.service.IngestCommand;
import org.sleepdelta.cli.service.SinkCommand;
import org.sleepdelta.platform.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
        name = "sleepdelta",
        mixinStandardHelpOptions = true,
        version = "sleepdelta 0.1.0",
        description = "Does massage change clients' sleep? The sleep-change pipeline.",
        subcommands = {
            DemoCommand.class,
            ReplayCommand.class,
            ImportCommand.class,
            IngestCommand.class,
            StreamsCommand.class,
            SinkCommand.class,
            ApiKeyCommand.class,
            SimulateCommand.class
        })
public final class SleepdeltaCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return new CommandLine(new SleepdeltaCli())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((exception, command, parsed) -> {
                    if (exception instanceof ConfigException) {
                        // A person can act on this message; a stack trace would only hide it.
                        command.getErr().println(exception.getMessage());
                        return 2;
                    }
                    if (exception instanceof BrokerJarsMissingException) {
                        command.getErr().println(exception.getMessage());
                        return 1;
                    }
                    throw exception;
                });
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
