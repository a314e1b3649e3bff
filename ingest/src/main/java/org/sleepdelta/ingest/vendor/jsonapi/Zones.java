package org.sleepdelta.ingest.vendor.jsonapi;

import java.time.ZoneId;
import org.sleepdelta.ingest.vendor.AdapterContext;

/** Which IANA zone a canonical record gets: the payload's own zone when it names one, else the caller's. */
public final class Zones {
    private Zones() {}

    /**
     * @param payloadZone the zone the vendor item names, or null when the vendor gives none
     * @param why         what the vendor gives instead, for the problem text, e.g. "Oura gives only UTC offsets"
     * @throws BadItem on field {@code timezone} when neither exists
     */
    public static String resolve(String payloadZone, AdapterContext context, String why) {
        if (payloadZone != null) {
            return payloadZone;
        }
        ZoneId zone = context.timezone();
        if (zone == null) {
            throw new BadItem("timezone", "is unknown: " + why + ", so the ?timezone= parameter is required");
        }
        return zone.getId();
    }

    /** The caller's zone, for vendors whose times are local times without offset. */
    public static ZoneId required(AdapterContext context, String why) {
        ZoneId zone = context.timezone();
        if (zone == null) {
            throw new BadItem("timezone", "is unknown: " + why + ", so the ?timezone= parameter is required");
        }
        return zone;
    }
}
