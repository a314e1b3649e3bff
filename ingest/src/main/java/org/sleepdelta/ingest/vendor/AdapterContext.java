package org.sleepdelta.ingest.vendor;

import java.time.ZoneId;

/**
 * Who the payload belongs to. The clinic comes from the caller's API key, never from the payload.
 *
 * @param timezone places vendor times that carry no offset (Fitbit's local times) and is the zone of the
 *                 canonical records when the payload names none; null when the caller gave none
 */
public record AdapterContext(String clinicId, String clientId, ZoneId timezone) {}
