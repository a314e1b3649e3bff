package org.sleepdelta.ingest.vendor.applehealth;

/**
 * The attributes of one top-level {@code <Record>} of a type we read, as written in export.xml (all strings, any
 * may be null), with the line it starts on.
 */
record AppleRecord(
        String type,
        String sourceName,
        String device,
        String unit,
        String startDate,
        String endDate,
        String value,
        int line) {}
