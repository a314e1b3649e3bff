package org.sleepdelta.cli;

import java.util.concurrent.Callable;
import org.sleepdelta.cli.bench.BenchCommand;
import org.sleepdelta.cli.demo.DemoCommand;
import org.sleepdelta.cli.demo.SimulateCommand;
import org.sleepdelta.cli.imports.ImportCommand;
import org.sleepdelta.cli.replay.ReplayCommand;
import org.sleepdelta.cli.run.BrokerJarsMissingException;
import org.sleepdelta.cli.service.ApiKeyCommand;
import org.sleepdelta.cli.service.ConnectCommand;
import org.sleepdelta.cli.service.EraseCommand;
import org.sleepdelta.cli.service.ErasureStatusCommand;
import org.sleepdelta.cli.service.IngestCommand;
import org.sleepdelta.cli.service.SinkCommand;
import org.sleepdelta.cli.service.TenantCommand;
import org.sleepdelta.platform.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
        name = "sleepdelta",
        mixinStandardHelpOptions = true,
        versionProvider = BuildVersion.class,
        description = "Does massage change clients' sleep? The sleep-change pipeline.",
        subcommands = {
            DemoCommand.class,
            ReplayCommand.class,
            ImportCommand.class,
            IngestCommand.class,
            StreamsCommand.class,
            SinkCommand.class,
            ApiKeyCommand.class,
            TenantCommand.class,
            EraseCommand.class,
            ErasureStatusCommand.class,
            ConnectCommand.class,
            SimulateCommand.class,
            BenchCommand.class
        })
public final class SleepdeltaCli implements Callable<Integer> {
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

    /** No subcommand is a usage error: scripts must not mistake it for a run that did something. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
