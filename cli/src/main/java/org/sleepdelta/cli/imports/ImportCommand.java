package org.sleepdelta.cli.imports;

import picocli.CommandLine.Command;

@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        subcommands = {ImportSleepCommand.class, ImportSessionsCommand.class},
        description = "Imports files into the pipeline's input topics through the same validation as the HTTP API. "
                + "Rejected rows go to the rejection topic with file, line and reason, and the import carries on.")
public final class ImportCommand {}
