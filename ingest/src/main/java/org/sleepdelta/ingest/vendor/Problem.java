package org.sleepdelta.ingest.vendor;

/**
 * Why one item of a vendor payload could not become a canonical record.
 *
 * @param location where in the payload, e.g. {@code sleep[3]}, {@code data[0]} or {@code line 120}
 * @param field    the offending field (vendor's or canonical name), or null when the item as a whole is at fault
 * @param reason   what is wrong and what is expected, never echoing health values
 */
public record Problem(String location, String field, String reason) {}
