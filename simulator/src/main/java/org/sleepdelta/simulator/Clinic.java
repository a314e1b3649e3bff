package org.sleepdelta.simulator;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** A simulated clinic: its id (the clinic namespace of every record) and the zone its clients live in. */
public record Clinic(String id, ZoneId zone) {

    /** The id rule of the data contract. */
    public static final Pattern ID_PATTERN = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    public Clinic {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(zone, "zone");
        if (!ID_PATTERN.matcher(id).matches()) {
            throw new IllegalArgumentException("clinic id does not match " + ID_PATTERN + ": " + id);
        }
    }

    public static Clinic of(String id, String zone) {
        return new Clinic(id, ZoneId.of(zone));
    }

    /**
     * Four clinics chosen to stress night placement: two northern DST zones that switch on different dates,
     * a zone without DST, and a southern-hemisphere zone whose DST runs the other way.
     */
    public static List<Clinic> defaults() {
        return List.of(
                of("clinic-berlin", "Europe/Berlin"),
                of("clinic-newyork", "America/New_York"),
                of("clinic-tokyo", "Asia/Tokyo"),
                of("clinic-sydney", "Australia/Sydney"));
    }
}
