package org.sleepdelta.dashboard.sink;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Whether PostgreSQL refused a transaction for good, because of the data in it, or for a reason that can pass. Only
 * SQLState classes 22 (data exception: a value out of range, a NUL byte in a string, bad encoding) and 23 (integrity
 * constraint violation) are refusals for good: the same rows fail the same way however often they are sent. Everything
 * else (connection lost, 08; serialization failure, 40001; deadlock, 40P01; a server shutting down; no SQLState at all)
 * may pass and is retried without end, because giving up on it would drop good records.
 */
enum RefusalClass {
    /** SQLState class 22. */
    DATA_EXCEPTION("data_exception"),
    /** SQLState class 23. */
    INTEGRITY_CONSTRAINT("integrity_constraint");

    /** The value of the {@code reason} tag of {@link SinkMetrics#ROWS_REJECTED}. */
    final String tag;

    RefusalClass(String tag) {
        this.tag = tag;
    }

    /** The class of a refusal for good, or null when {@code failure} may pass. */
    static RefusalClass of(Throwable failure) {
        String state = sqlState(failure);
        if (state == null || state.length() < 2) {
            return null;
        }
        return switch (state.substring(0, 2)) {
            case "22" -> DATA_EXCEPTION;
            case "23" -> INTEGRITY_CONSTRAINT;
            default -> null;
        };
    }

    /**
     * What PostgreSQL refused, for {@code sink_rejections} and logs: the SQLState and the names of the table,
     * column and constraint, never the message, which can quote the value (e.g. {@code invalid input syntax for type
     * date: "..."}).
     */
    static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder("refused by PostgreSQL for good: SQLState ").append(sqlState(failure));
        ServerErrorMessage server = serverMessage(failure);
        if (server != null) {
            append(text, "table", server.getTable());
            append(text, "column", server.getColumn());
            append(text, "constraint", server.getConstraint());
        }
        return text.toString();
    }

    private static void append(StringBuilder text, String what, String name) {
        if (name != null) {
            text.append(", ").append(what).append(' ').append(name);
        }
    }

    /** The first SQLState in the chain: a batch's error is in its next exception or cause. */
    private static String sqlState(Throwable failure) {
        for (Throwable t : chain(failure)) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    private static ServerErrorMessage serverMessage(Throwable failure) {
        for (Throwable t : chain(failure)) {
            if (t instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
                return psql.getServerErrorMessage();
            }
        }
        return null;
    }

    /** The failure, its causes and next exceptions, breadth first (a few: enough for a JDBC batch's error). */
    private static List<Throwable> chain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        Deque<Throwable> todo = new ArrayDeque<>();
        todo.add(failure);
        while (!todo.isEmpty() && chain.size() < 20) {
            Throwable t = todo.poll();
            if (chain.contains(t)) {
                continue;
            }
            chain.add(t);
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            if (t instanceof SQLException sql && sql.getNextException() != null) {
                todo.add(sql.getNextException());
            }
        }
        return chain;
    }
}
