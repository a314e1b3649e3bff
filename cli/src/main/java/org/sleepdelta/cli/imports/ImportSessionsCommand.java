package org.sleepdelta.cli.imports;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.sleepdelta.cli.run.Progress;
import org.sleepdelta.ingest.importer.ImportTarget;
import org.sleepdelta.ingest.importer.RecordSink;
import org.sleepdelta.ingest.importer.SessionCsvLayout;
import org.sleepdelta.ingest.importer.SessionCsvReader;
import org.sleepdelta.ingest.importer.SessionJsonReader;
import org.sleepdelta.schemas.CanonicalRecord;
import org.sleepdelta.schemas.Ids;
import org.sleepdelta.schemas.validation.Violation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "sessions",
        mixinStandardHelpOptions = true,
        description = "Imports massage sessions of one clinic from booking-system CSV exports (default column layout, "
                + "or --mapping for any other) or canonical JSON Lines.")
public final class ImportSessionsCommand implements Callable<Integer> {
    public enum Format {
        CSV,
        JSON
    }

    @Option(names = "--clinic", required = true, description = "The clinic the sessions belong to.")
    String clinicId;

    @Option(
            names = "--format",
            defaultValue = "CSV",
            description = "csv or json (JSON Lines); default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(
            names = "--mapping",
            description = "JSON mapping file for CSV layouts other than the default (docs/importing.md).")
    Optional<Path> mapping;

    @Mixin
    ImportOutput output;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to import.")
    List<Path> files;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Ids.isValid(clinicId)) {
            err.println("--clinic must match " + Ids.PATTERN.pattern());
            return 2;
        }
        for (Path file : files) {
            if (!Files.isReadable(file)) {
                err.println("cannot read " + file);
                return 2;
            }
        }
        SessionCsvLayout layout =
                mapping.isPresent() ? SessionCsvLayout.load(mapping.get()) : SessionCsvLayout.defaults();
        long total = 0;
        for (Path file : files) {
            total += LineCounts.dataLines(file, format == Format.CSV);
        }
        Progress progress = new Progress(err);
        ImportTarget target = output.open(out, err);
        try (target) {
            long done = 0;
            for (Path file : files) {
                RecordSink sink = counting(target.forFile(file), progress, total, done);
                done += format == Format.CSV
                        ? new SessionCsvReader(layout, clinicId).read(file, sink)
                        : new SessionJsonReader(clinicId).read(file, sink);
            }
        } finally {
            progress.finish();
            output.close();
        }
        err.println("import sessions: " + target.summary());
        return 0;
    }

    private static RecordSink counting(RecordSink sink, Progress progress, long total, long before) {
        long[] seen = {before};
        return new RecordSink() {
            @Override
            public void record(long line, CanonicalRecord record) {
                sink.record(line, record);
                tick();
            }

            @Override
            public void rejected(long line, String text, List<Violation> violations) {
                sink.rejected(line, text, violations);
                tick();
            }

            private void tick() {
                if (++seen[0] % 1000 == 0 || seen[0] == total) {
                    progress.update("importing", seen[0], total, "");
                }
            }
        };
    }
}
