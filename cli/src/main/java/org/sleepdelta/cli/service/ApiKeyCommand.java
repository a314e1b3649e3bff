package org.sleepdelta.cli.service;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.sleepdelta.ingest.auth.ApiKeyPepper;
import org.sleepdelta.ingest.auth.ApiKeyTool;
import org.sleepdelta.ingest.auth.Scope;
import org.sleepdelta.ingest.http.IngestConfiguration;
import org.sleepdelta.platform.config.ConfigException;
import org.sleepdelta.platform.config.ConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "api-key",
        mixinStandardHelpOptions = true,
        description = "Creates an API key for a clinic. The key is printed once; only its HMAC-SHA-256, keyed with "
                + "the ingest service's pepper (api-key-pepper-file or SLEEPDELTA_API_KEY_PEPPER, read as the "
                + "service reads it), goes into the keys file, which the service re-reads without a restart.")
public final class ApiKeyCommand implements Callable<Integer> {
    @Option(names = "--clinic", required = true, description = "The clinic the key may write for.")
    String clinicId;

    @Option(
            names = "--label",
            description = "A note kept next to the hash (who holds the key), one line. Accepted "
                    + "records carry it, so a leaked key's writes can be found.")
    String label;

    @Option(
            names = "--scope",
            split = ",",
            description = "What the key may do: write (send records), erase, read; repeatable or comma-separated. "
                    + "Default: write.")
    List<String> scopes;

    @Option(names = "--expires", description = "The day (YYYY-MM-DD) from which, at 00:00 UTC, the key stops working.")
    LocalDate expires;

    @Option(names = "--config", description = "The ingest service's properties file, for api-key-pepper-file.")
    Optional<Path> configFile;

    /** Replaced in tests. */
    Map<String, String> environment = System.getenv();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        ApiKeyPepper pepper;
        try {
            pepper = IngestConfiguration.pepper(ConfigLoader.of(IngestConfiguration.ALL)
                    .file(configFile == null ? Optional.empty() : configFile)
                    .environment(environment)
                    .load());
        } catch (IllegalArgumentException | ConfigException e) {
            err.println(e.getMessage());
            return 2;
        }
        if (pepper == null) {
            err.println("no API key pepper: set SLEEPDELTA_API_KEY_PEPPER_FILE (or api-key-pepper-file in --config) "
                    + "or SLEEPDELTA_API_KEY_PEPPER, as for the ingest service; a new pepper: openssl rand -base64 32");
            return 2;
        }
        Set<Scope> chosen = EnumSet.noneOf(Scope.class);
        for (String name : scopes == null ? List.of("write") : scopes) {
            Optional<Scope> scope = Scope.of(name.strip());
            if (scope.isEmpty()) {
                err.println("unknown scope '" + name + "': the scopes are write, erase, read");
                return 2;
            }
            chosen.add(scope.get());
        }
        ApiKeyTool.NewApiKey key;
        try {
            key = ApiKeyTool.create(pepper, clinicId, label, chosen, expires);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        var out = spec.commandLine().getOut();
        out.println("API key (give it to the clinic; it is not stored anywhere):");
        out.println("  " + key.key());
        out.println("Line for the api-keys file:");
        out.println("  " + key.keysFileLine());
        return 0;
    }
}
