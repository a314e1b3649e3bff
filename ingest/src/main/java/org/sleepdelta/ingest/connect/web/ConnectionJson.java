package org.sleepdelta.ingest.connect.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.sleepdelta.schemas.connections.Connection;
import org.sleepdelta.schemas.json.CanonicalJson;

/** A connection as its clinic sees it: state and timings, never tokens or the vendor's id of the user. */
final class ConnectionJson {
    private ConnectionJson() {}

    static ObjectNode of(Connection c) {
        ObjectNode json = CanonicalJson.mapper().createObjectNode();
        json.put("vendor", c.key().vendor());
        json.put("status", c.status().name());
        json.put("connectedAt", c.connectedAt().toString());
        put(json, "lastSuccessAt", c.lastSuccessAt());
        if (c.lastError() == null) {
            json.putNull("lastError");
        } else {
            ObjectNode error = json.putObject("lastError");
            error.put("kind", c.lastError().kind());
            error.put("at", c.lastError().at().toString());
            error.put("detail", c.lastError().detail());
        }
        put(json, "syncedThrough", c.syncedThrough());
        put(json, "nextPullAt", c.nextPullAt());
        return json;
    }

    private static void put(ObjectNode json, String field, Object value) {
        if (value == null) {
            json.putNull(field);
        } else {
            json.put(field, value.toString());
        }
    }
}
