package org.sleepdelta.ingest.vendor.fitbit;

import com.fasterxml.jackson.databind.JsonNode;
import org.sleepdelta.ingest.vendor.jsonapi.BadItem;
import org.sleepdelta.ingest.vendor.jsonapi.ItemFields;

/**
 * Fitbit's processing marker {@code meta: {"state": "pending", ...}}: the sleep data is not final yet. Such data is
 * not passed on; the clinic sends the payload again once Fitbit has finished, and the re-sent logs (same
 * {@code logId}) are then taken as usual.
 */
final class FitbitPending {
    static final String REASON =
            "is pending: Fitbit has not finished processing this sleep data; " + "send the payload again once it has";

    private FitbitPending() {}

    static boolean isPending(JsonNode meta) {
        return meta != null
                && meta.isObject()
                && "pending".equals(meta.path("state").asText(null));
    }

    static void reject(ItemFields meta) {
        if (meta != null && isPending(meta.node())) {
            throw new BadItem(meta.path("state"), REASON);
        }
    }
}
