package org.sleepdelta.dashboard.sink;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import org.sleepdelta.schemas.erasure.ErasureAction;
import org.sleepdelta.schemas.erasure.ErasureEvent;
import org.sleepdelta.schemas.erasure.ErasureRequest;
import org.sleepdelta.schemas.erasure.ErasureStage;

/**
 * Applies the erasure requests of one batch, in offset order (one client's requests share a partition), inside the
 * batch's transaction and before its dashboard rows: an ERASE deletes the client's rows from every table
 * ({@link ClientRows}), puts the client on {@code erased_clients} and records the sink's stage in the audit and the
 * outbox; a REREGISTER takes the client off {@code erased_clients} and reports nothing. The batch then leaves out
 * the records of clients still erased ({@link BatchWriter}), so a record read after the erasure, in this batch or a
 * later one, from whichever topic or partition, cannot bring a row back.
 */
final class ClientErasures {
    /** {@link ErasureEvent#by()} of the sink's stage. */
    static final String BY = "sink";

    private final Clock clock;

    ClientErasures(Clock clock) {
        this.clock = clock;
    }

    /** What the requests of one batch did. */
    static final class Tally {
        int erasures;
        int reregistrations;
        int sleepChangeRows;
        int nightlySleepRows;
        int rejectionRows;
        /** Audit events written to the outbox: the publisher has work. */
        int auditEvents;
    }

    Tally apply(Connection connection, List<ErasureRequest> requests) throws SQLException {
        Tally tally = new Tally();
        for (ErasureRequest request : requests) {
            ClientLocks.exclusive(connection, request.client());
            if (request.action() == ErasureAction.REREGISTER) {
                ErasedClients.remove(connection, request.client());
                tally.reregistrations++;
                continue;
            }
            ClientRows.Deleted deleted = ClientRows.delete(connection, request.client());
            ErasedClients.add(connection, request.client());
            ErasureAuditTables.record(
                    connection,
                    ErasureEvent.of(request, ErasureStage.SINK_ROWS_DELETED, clock.instant(), BY, deleted.detail()));
            tally.erasures++;
            tally.auditEvents++;
            tally.sleepChangeRows += deleted.sleepChange();
            tally.nightlySleepRows += deleted.nightlySleep();
            tally.rejectionRows += deleted.rejections();
        }
        return tally;
    }
}
