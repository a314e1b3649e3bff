package org.sleepdelta.dashboard.sink;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.sleepdelta.schemas.ClientKey;

/**
 * Deletes every row of one client from the tables that hold client data: {@code sleep_change} and
 * {@code nightly_sleep} by their id columns, and {@code sink_rejections} by the record's key or value.
 * Statements only; the caller owns the transaction.
 *
 * <p>A rejected record names its client in its key ({@code clinicId/clientId} on {@code client-erasures},
 * {@code clinicId/clientId/...} on the dashboard topics; ids cannot contain {@code /}). A rejection whose key is
 * missing or broken may still carry the client in its value: dashboard values hold the ids as Avro strings (length,
 * then the UTF-8 bytes), erasure requests as JSON fields. A row whose value holds both ids in either form is
 * deleted too. A value that holds them in no recognisable form cannot be told apart, and expires with
 * {@code rejections-retention}.
 */
final class ClientRows {
    static final String DELETE_SLEEP_CHANGE = "delete from sleep_change where clinic_id = ? and client_id = ?";
    static final String DELETE_NIGHTLY_SLEEP = "delete from nightly_sleep where clinic_id = ? and client_id = ?";
    static final String DELETE_REJECTIONS = "delete from sink_rejections where record_key = ?"
            + " or substring(record_key from 1 for ?) = ?"
            + " or (position(? in record_value) > 0 and position(? in record_value) > 0)"
            + " or (position(? in record_value) > 0 and position(? in record_value) > 0)";

    /** Rows deleted per table. */
    record Deleted(int sleepChange, int nightlySleep, int rejections) {
        /** For the audit trail: counts only. */
        String detail() {
            return sleepChange + " " + SleepChangeTable.NAME + ", " + nightlySleep + " " + NightlySleepTable.NAME + ", "
                    + rejections + " sink_rejections rows";
        }
    }

    private ClientRows() {}

    static Deleted delete(Connection connection, ClientKey client) throws SQLException {
        int sleepChange = deleteById(connection, DELETE_SLEEP_CHANGE, client);
        int nightlySleep = deleteById(connection, DELETE_NIGHTLY_SLEEP, client);
        int rejections;
        try (PreparedStatement statement = connection.prepareStatement(DELETE_REJECTIONS)) {
            byte[] prefix = utf8(client + "/");
            statement.setBytes(1, utf8(client.toString()));
            statement.setInt(2, prefix.length);
            statement.setBytes(3, prefix);
            statement.setBytes(4, avroString(client.clinicId()));
            statement.setBytes(5, avroString(client.clientId()));
            statement.setBytes(6, utf8(jsonField("clinicId", client.clinicId())));
            statement.setBytes(7, utf8(jsonField("clientId", client.clientId())));
            rejections = statement.executeUpdate();
        }
        return new Deleted(sleepChange, nightlySleep, rejections);
    }

    private static int deleteById(Connection connection, String sql, ClientKey client) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, client.clinicId());
            statement.setString(2, client.clientId());
            return statement.executeUpdate();
        }
    }

    /** How Avro's binary encoding writes a string: its length in bytes as a zig-zag varint, then the bytes. */
    static byte[] avroString(String text) {
        byte[] bytes = utf8(text);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long n = ((long) bytes.length << 1); // zig-zag of a non-negative length
        while ((n & ~0x7FL) != 0) {
            out.write((int) ((n & 0x7F) | 0x80));
            n >>>= 7;
        }
        out.write((int) n);
        out.writeBytes(bytes);
        return out.toByteArray();
    }

    /** A field as the compact JSON of {@code ErasureRequest.encode()} writes it; ids need no escaping. */
    private static String jsonField(String name, String value) {
        return "\"" + name + "\":\"" + value + "\"";
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
