package org.sleepdelta.cli.service;

import java.util.concurrent.Callable;
import org.sleepdelta.ingest.auth.ApiKeyTool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "api-key",
        mixinStandardHelpOptions = true,
        description =
                "Creates an API key for a clinic. The key is printed once; only its hash goes into the keys file, "
                        + "which the ingest service re-reads without a restart.")
public final class ApiKeyCommand implements Callable<Integer> {
    @Option(names = "--clinic", required = true, description = "The clinic the key may write for.")
    String clinicId;

    @Option(names = "--label", description = "A note kept next to the hash (who holds the key), one line.")
    String label;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ApiKeyTool.NewApiKey key = ApiKeyTool.create(clinicId, label);
        var out = spec.commandLine().getOut();
        out.println("API key (give it to the clinic; it is not stored anywhere):");
        out.println("  " + key.key());
        out.println("Line for the api-keys file:");
        out.println("  " + key.keysFileLine());
        return 0;
    }
}
