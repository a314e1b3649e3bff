package org.sleepdelta.streams;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.Modality;
import org.sleepdelta.avro.SessionStatus;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.avro.SleepSource;

/**
 * Random but plausible input for a few clients: DST and far-off zones, bedtimes either side of midnight, naps,
 * several sources, tied totals, missing fields, revisions that move a record to another night, deletions and
 * re-additions, cancelled and re-scheduled sessions, course gaps either side of 28 days. Each record's versions
 * form one sequence; arrival interleaves the sequences at random but keeps each one's order.
 */
final class RandomScenario {
    private static final String[] ZONES = {
        "Europe/Berlin",
        "America/New_York",
        "Australia/Sydney",
        "Asia/Kolkata",
        "Pacific/Kiritimati",
        "Pacific/Pago_Pago",
        "UTC",
        "America/Santiago"
    };
    private static final SleepSource[] SOURCES = {
        SleepSource.OURA, SleepSource.FITBIT, SleepSource.APPLE_HEALTH, SleepSource.MANUAL
    };
    private static final int[] SESSION_GAPS = {1, 2, 5, 7, 13, 14, 20, 27, 28, 29, 35, 45};

    final List<Object> arrivals = new ArrayList<>();
    final List<SleepRecord> sleepInArrivalOrder = new ArrayList<>();
    final List<MassageSession> sessionsInArrivalOrder = new ArrayList<>();
    private final Random rnd;
    private final List<List<Object>> sequences = new ArrayList<>();

    RandomScenario(long seed) {
        rnd = new Random(seed);
        int clients = 1 + rnd.nextInt(3);
        for (int i = 0; i < clients; i++) {
            // The same client id in two clinics must stay two clients.
            addClient(i == 1 ? "k2" : "k1", i == 2 ? "c2" : "c1");
        }
        interleave();
    }

    private void addClient(String clinic, String client) {
        String zone = ZONES[rnd.nextInt(ZONES.length)];
        LocalDate first = LocalDate.of(2025, 1, 1)
                .plusDays(rnd.nextInt(330)); // in the past, so real ingest times never make it future
        int nights = 45 + rnd.nextInt(40);
        for (int d = 0; d < nights; d++) {
            LocalDate date = first.plusDays(d);
            if (rnd.nextDouble() < 0.85) {
                addSleep(clinic, client, zone, date, SOURCES[rnd.nextInt(2)], false);
            }
            if (rnd.nextDouble() < 0.25) {
                addSleep(clinic, client, zone, date, SOURCES[rnd.nextInt(SOURCES.length)], false);
            }
            if (rnd.nextDouble() < 0.1) {
                addSleep(clinic, client, zone, date, SOURCES[rnd.nextInt(2)], true);
            }
        }
        LocalDate day = first.plusDays(rnd.nextInt(20));
        int sessions = rnd.nextInt(9);
        for (int s = 0; s < sessions; s++) {
            addSession(clinic, client, rnd.nextDouble() < 0.15 ? ZONES[rnd.nextInt(ZONES.length)] : zone, "s" + s, day);
            day = day.plusDays(SESSION_GAPS[rnd.nextInt(SESSION_GAPS.length)]);
        }
    }

    private void addSleep(String clinic, String client, String zone, LocalDate date, SleepSource source, boolean nap) {
        List<Object> versions = new ArrayList<>();
        String id = source + "-" + date + "-" + rnd.nextInt(1_000_000);
        versions.add(sleep(clinic, client, zone, date, source, id, nap));
        if (rnd.nextDouble() < 0.12) {
            // A re-scored version; sometimes moved by hours, across midnight or onto the next night.
            versions.add(
                    sleep(clinic, client, zone, rnd.nextDouble() < 0.3 ? date.plusDays(1) : date, source, id, nap));
        }
        if (rnd.nextDouble() < 0.06) {
            versions.add(SleepRecord.newBuilder()
                    .setClinicId(clinic)
                    .setClientId(client)
                    .setSource(source)
                    .setSourceRecordId(id)
                    .setDeleted(true)
                    .build());
            if (rnd.nextDouble() < 0.3) {
                versions.add(sleep(clinic, client, zone, date, source, id, nap));
            }
        }
        sequences.add(versions);
    }

    private SleepRecord sleep(
            String clinic, String client, String zone, LocalDate date, SleepSource source, String id, boolean nap) {
        LocalTime bedtime = nap
                ? LocalTime.of(13 + rnd.nextInt(4), rnd.nextInt(60))
                : LocalTime.of(21, 0).plusMinutes(rnd.nextInt(270)); // 21:00 to 01:30
        LocalDate bedDate = !nap && bedtime.isBefore(LocalTime.NOON) ? date.plusDays(1) : date.plusDays(nap ? 1 : 0);
        int inBed = nap ? 20 + rnd.nextInt(70) : 300 + rnd.nextInt(300);
        Instant start = bedDate.atTime(bedtime).atZone(ZoneId.of(zone)).toInstant();
        // Whole minutes often, so ties between records are common.
        double total = rnd.nextBoolean()
                ? Math.floor(inBed * (0.6 + 0.35 * rnd.nextDouble()))
                : inBed * (0.6 + 0.35 * rnd.nextDouble());
        SleepRecord.Builder b = SleepRecord.newBuilder()
                .setClinicId(clinic)
                .setClientId(client)
                .setSource(source)
                .setSourceRecordId(id)
                .setSleepStart(start)
                .setSleepEnd(start.plusSeconds(60L * inBed))
                .setTimezone(zone)
                .setTotalSleepMinutes(total);
        double rest = inBed - total;
        if (rnd.nextDouble() < 0.8) {
            b.setTimeInBedMinutes((double) inBed);
        }
        b.setMainSleep(nap ? Boolean.FALSE : rnd.nextDouble() < 0.3 ? null : Boolean.TRUE);
        if (rnd.nextDouble() < 0.8) {
            b.setSleepLatencyMinutes(Math.floor(rest * 0.3));
        }
        if (rnd.nextDouble() < 0.8) {
            b.setWasoMinutes(Math.floor(rest * 0.5));
        }
        if (rnd.nextDouble() < 0.7) {
            b.setAwakenings(rnd.nextInt(6));
        }
        if (rnd.nextDouble() < 0.6) {
            b.setDeepMinutes(Math.floor(total * 0.2))
                    .setRemMinutes(Math.floor(total * 0.22))
                    .setLightMinutes(Math.floor(total * 0.5));
        }
        if (rnd.nextDouble() < 0.6) {
            b.setRestingHeartRateBpm(48.0 + rnd.nextInt(25));
        }
        if (rnd.nextDouble() < 0.5) {
            b.setHrvRmssdMs(20.0 + 60 * rnd.nextDouble());
        }
        return b.build();
    }

    private void addSession(String clinic, String client, String zone, String id, LocalDate day) {
        List<Object> versions = new ArrayList<>();
        LocalTime at = LocalTime.of(8, 0).plusMinutes(15L * rnd.nextInt(64)); // up to 23:45: late ones overlap bedtime
        MassageSession.Builder b = MassageSession.newBuilder()
                .setClinicId(clinic)
                .setClientId(client)
                .setSessionId(id)
                .setModality(Modality.values()[rnd.nextInt(Modality.values().length)])
                .setStart(day.atTime(at).atZone(ZoneId.of(zone)).toInstant())
                .setDurationMinutes(30 + 15 * rnd.nextInt(7))
                .setTimezone(zone)
                .setStatus(rnd.nextDouble() < 0.08 ? SessionStatus.NO_SHOW : SessionStatus.COMPLETED);
        versions.add(b.build());
        double change = rnd.nextDouble();
        if (change < 0.15) {
            versions.add(MassageSession.newBuilder(b.build())
                    .setStatus(SessionStatus.CANCELLED)
                    .build());
            if (rnd.nextDouble() < 0.3) {
                versions.add(MassageSession.newBuilder(b.build())
                        .setStatus(SessionStatus.COMPLETED)
                        .build());
            }
        } else if (change < 0.3) {
            // Rescheduled: moves course boundaries and the windows around it.
            versions.add(MassageSession.newBuilder(b.build())
                    .setStart(b.getStart().plusSeconds(86_400L * (rnd.nextInt(31) - 15)))
                    .build());
        }
        sequences.add(versions);
    }

    private void interleave() {
        List<int[]> cursors = new ArrayList<>();
        for (int i = 0; i < sequences.size(); i++) {
            cursors.add(new int[] {i, 0});
        }
        while (!cursors.isEmpty()) {
            int pick = rnd.nextInt(cursors.size());
            int[] cursor = cursors.get(pick);
            Object next = sequences.get(cursor[0]).get(cursor[1]++);
            arrivals.add(next);
            if (next instanceof SleepRecord r) {
                sleepInArrivalOrder.add(r);
            } else {
                sessionsInArrivalOrder.add((MassageSession) next);
            }
            if (cursor[1] == sequences.get(cursor[0]).size()) {
                cursors.remove(pick);
            }
        }
    }
}
