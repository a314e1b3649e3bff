package org.sleepdelta.simulator;

/** Salts separating the random streams, so e.g. changing a rate that consumes record draws leaves profiles alone. */
final class RandomPurpose {
    static final long PROFILE = 1;
    static final long SCHEDULE = 2;
    static final long NIGHTS = 3;
    static final long RECORDS = 4;
    static final long ARRIVALS = 5;
    static final long MODALITY_DECK = 6;
    static final long IDS = 7;
    static final long READINGS = 8;
    /** Per-client decisions of the {@link HardCases}: one stream, so the switches never move the other draws. */
    static final long HARD_CASES = 9;

    private RandomPurpose() {}
}
