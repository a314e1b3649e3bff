package org.sleepdelta.cli.service;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.stream.Collectors;
import org.sleepdelta.schemas.erasure.ErasureAudit;
import org.sleepdelta.schemas.erasure.ErasureStage;
import org.sleepdelta.schemas.erasure.ErasureStatus;

/** Prints an erasure's status, and waits for it to complete. */
final class ErasureProgress {
    /** How often --wait asks: stages take seconds to minutes, and each question reads only what is new. */
    private static final Duration POLL = Duration.ofSeconds(1);

    private ErasureProgress() {}

    /** One line: {@code <id> ERASE IN_PROGRESS: 2 of 4 stages (waiting for STREAMS_STATE_ERASED, SINK_ROWS_DELETED)}. */
    static String line(ErasureStatus status) {
        int total = ErasureStatus.stagesOf(status.action()).size();
        String line = status.erasureId() + " " + status.action() + " " + status.state() + ": "
                + status.completed().size() + " of " + total + " stages";
        if (!status.missing().isEmpty()) {
            line += " (waiting for "
                    + EnumSet.copyOf(status.missing()).stream()
                            .map(ErasureStage::name)
                            .collect(Collectors.joining(", "))
                    + ")";
        }
        return line;
    }

    /** Every stage done, one line each: when, by whom, with its counts. */
    static void details(ErasureStatus status, PrintWriter out) {
        out.println(line(status));
        out.println("  clinic " + status.clinicId() + ", requested " + status.requestedAt() + " by "
                + status.requestedBy());
        for (ErasureStatus.Completed stage : status.completed()) {
            out.println("  " + stage.stage() + " at " + stage.at() + " by " + stage.by() + ": " + stage.detail());
        }
    }

    /**
     * Asks until the erasure is complete or {@code timeout} has passed, printing a line each time it moves on.
     *
     * @param clinicId only an erasure of this clinic, or null for any
     * @return the last status seen (empty if the id was never found)
     */
    static Optional<ErasureStatus> await(
            ErasureAudit audit, String erasureId, String clinicId, Duration timeout, PrintWriter out)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Optional<ErasureStatus> status;
        int printed = -1;
        while (true) {
            status = audit.status(erasureId, clinicId);
            int done = status.map(s -> s.completed().size()).orElse(0);
            if (status.isPresent() && done != printed) {
                out.println(line(status.get()));
                printed = done;
            }
            if (status.isPresent() && status.get().state() == ErasureStatus.State.COMPLETE) {
                return status;
            }
            if (System.nanoTime() - deadline > 0) {
                return status;
            }
            Thread.sleep(POLL.toMillis());
        }
    }
}
