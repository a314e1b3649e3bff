package org.sleepdelta.cli.service;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.sleepdelta.ingest.http.IngestConfiguration;
import org.sleepdelta.platform.config.Configuration;
import org.sleepdelta.schemas.erasure.ErasureAudit;
import org.sleepdelta.schemas.erasure.ErasureStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "erasure-status",
        mixinStandardHelpOptions = true,
        description =
                "Prints where an erasure or re-registration stands, from the erasure-audit topic: who asked, when, "
                        + "and each stage completed. Reads the ingest service's settings (--config, SLEEPDELTA_*). Exit codes: "
                        + "0 complete, 3 in progress (or still not complete after --wait), 4 no such erasure, 1 Kafka failed, "
                        + "2 bad arguments or settings.")
public final class ErasureStatusCommand implements Callable<Integer> {
    static final int IN_PROGRESS = 3;
    static final int UNKNOWN = 4;

    @Mixin
    ServiceOptions options;

    @Parameters(paramLabel = "ERASURE_ID", description = "The erasure id that erase or the HTTP API answered with.")
    String erasureId;

    @Option(
            names = "--clinic",
            description = "Answer only for an erasure of this clinic (as the HTTP API does for a clinic's key).")
    String clinicId;

    @Option(
            names = "--wait",
            arity = "0..1",
            fallbackValue = "10m",
            paramLabel = "DURATION",
            converter = DurationOption.class,
            description = "Wait until it is complete, printing each step, at most DURATION (default 10m).")
    Duration wait;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<Configuration> config = options.load(IngestConfiguration.ALL, out);
        if (config.isEmpty()) {
            return 0;
        }
        ErasureKafka kafka = new ErasureKafka(config.get());
        try (ErasureAudit audit = kafka.audit()) {
            Optional<ErasureStatus> status = wait == null
                    ? audit.status(erasureId, clinicId)
                    : ErasureProgress.await(audit, erasureId, clinicId, wait, out);
            if (status.isEmpty()) {
                err.println("No erasure " + erasureId + (clinicId == null ? "" : " of clinic " + clinicId));
                return UNKNOWN;
            }
            ErasureProgress.details(status.get(), out);
            return status.get().state() == ErasureStatus.State.COMPLETE ? 0 : IN_PROGRESS;
        } catch (RuntimeException e) {
            err.println("The erasure audit trail could not be read: " + e);
            return 1;
        }
    }
}
