package org.sleepdelta.cli.service;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.Producer;
import org.sleepdelta.ingest.http.IngestConfiguration;
import org.sleepdelta.platform.config.Configuration;
import org.sleepdelta.schemas.ClientKey;
import org.sleepdelta.schemas.erasure.ErasureAction;
import org.sleepdelta.schemas.erasure.ErasureAudit;
import org.sleepdelta.schemas.erasure.ErasureRequest;
import org.sleepdelta.schemas.erasure.ErasureStatus;
import org.sleepdelta.schemas.erasure.ErasureWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "erase",
        mixinStandardHelpOptions = true,
        description = "Erases a client (or, with --reregister, accepts an erased client's records again): writes the "
                + "request, destroys the client's data keys and starts the audit trail in one Kafka transaction, as "
                + "DELETE /v1/clients/{clientId} does. Reads the ingest service's settings (--config, SLEEPDELTA_*). "
                + "Exit codes: 0 written (with --wait: and complete), 1 Kafka failed, 2 bad arguments or settings, "
                + "3 --wait ran out before the erasure completed (the request stands).")
public final class EraseCommand implements Callable<Integer> {
    static final int TIMED_OUT = 3;

    @Mixin
    ServiceOptions options;

    @Option(names = "--clinic", required = true, description = "The clinic the client belongs to.")
    String clinicId;

    @Option(names = "--client", required = true, description = "The client to erase (or re-register).")
    String clientId;

    @Option(
            names = "--reregister",
            description = "Accept records of this erased client again, on purpose, instead of erasing it.")
    boolean reregister;

    @Option(
            names = "--wait",
            arity = "0..1",
            fallbackValue = "10m",
            paramLabel = "DURATION",
            converter = DurationOption.class,
            description = "Wait until every stage has reported, printing each step, at most DURATION "
                    + "(e.g. 90s, 10m; default 10m when given without a value).")
    Duration wait;

    @Spec
    CommandSpec spec;

    /** Who asks, for the audit trail: the OS user (never a clinic or client). */
    String user = System.getProperty("user.name", "unknown");

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ClientKey client;
        try {
            client = new ClientKey(clinicId, clientId);
        } catch (IllegalArgumentException e) {
            err.println("--clinic/--client: " + e.getMessage());
            return 2;
        }
        Optional<Configuration> config = options.load(IngestConfiguration.ALL, out);
        if (config.isEmpty()) {
            return 0;
        }
        ErasureKafka kafka = new ErasureKafka(config.get());
        ErasureAction action = reregister ? ErasureAction.REREGISTER : ErasureAction.ERASE;
        ErasureRequest request = ErasureRequest.of(client, action, Instant.now(), "cli:" + user);
        ErasureWriter.Written written;
        try (Producer<String, byte[]> producer = kafka.producer()) {
            written = kafka.writer().write(producer, request);
        } catch (RuntimeException e) {
            // Kafka's messages name brokers and topics, never the client.
            err.println("The request was not written: " + e);
            return 1;
        }
        out.println((action == ErasureAction.ERASE
                        ? "Erasure " + request.erasureId() + " requested: " + written.keysDestroyed()
                                + " data keys destroyed"
                        : "Re-registration " + request.erasureId() + " requested")
                + "; follow it with ./sleepdelta erasure-status " + request.erasureId());
        if (action == ErasureAction.ERASE && !kafka.erasesConnections()) {
            err.println("Vendor connections were not asked to disconnect: that needs the ingest service's master keys"
                    + " (SLEEPDELTA_MASTER_KEYS or master-keys-file). Disconnect them with './sleepdelta connect"
                    + " --revoke', or erase through the API (DELETE /v1/clients/{clientId}), which does both.");
        }
        if (wait == null) {
            return 0;
        }
        try (ErasureAudit audit = kafka.audit()) {
            Optional<ErasureStatus> status = ErasureProgress.await(audit, request.erasureId(), null, wait, out);
            if (status.isPresent() && status.get().state() == ErasureStatus.State.COMPLETE) {
                return 0;
            }
            err.println("Not complete after " + wait.toSeconds() + " s; the request stands and its stages go on.");
            return TIMED_OUT;
        } catch (RuntimeException e) {
            err.println("The status could not be read: " + e);
            return 1;
        }
    }
}
