package org.sleepdelta.simulator;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.sleepdelta.avro.Modality;
import org.sleepdelta.avro.Pressure;
import org.sleepdelta.avro.SessionStatus;

/**
 * Plans each client's massage courses: 1-3 courses, one modality each, separated by at least four weeks and
 * placed so every session has a full 14-night baseline and 7 post nights inside the simulated period.
 */
final class SessionScheduler {
    static final int BASELINE_NIGHTS = 14;
    static final int POST_NIGHTS = 7;
    /** Gap between one course's last session and the next course's first, so courses stay distinguishable. */
    static final int MIN_COURSE_GAP_DAYS = 28;

    static final int OPENING_MINUTE = 9 * 60;
    static final int CLOSING_MINUTE = 19 * 60;

    private static final double[] COURSE_COUNT_WEIGHTS = {0.4, 0.4, 0.2};
    private static final int[] DURATIONS = {30, 45, 60, 90};
    private static final double[] DURATION_WEIGHTS = {0.15, 0.2, 0.45, 0.2};
    private static final int THERAPISTS_PER_CLINIC = 5;
    private static final double NO_SHOW_SHARE = 0.4;

    private final long seed;
    private final LocalDate earliest;
    private final LocalDate latest;
    private final double cancellationRate;
    private final ModalityDeck deck;

    SessionScheduler(SimulationConfig config) {
        this.seed = config.seed();
        this.earliest = config.firstNight().plusDays(BASELINE_NIGHTS);
        this.latest = config.lastNight().minusDays(POST_NIGHTS - 1L);
        this.cancellationRate = config.rates().cancellation();
        this.deck = new ModalityDeck(config.seed());
    }

    /** Sessions of one client in start order. Must be called for clients in index order (the deck is shared). */
    List<ScheduledSession> schedule(ClientProfile client) {
        int room = (int) ChronoUnit.DAYS.between(earliest, latest);
        if (room < 0) {
            return List.of(); // too few nights for even one session with baseline and post window
        }
        Rng rng = Rng.stream(seed, client.index(), RandomPurpose.SCHEDULE);
        int wanted = 1 + rng.weighted(COURSE_COUNT_WEIGHTS);
        List<int[]> courses = new ArrayList<>();
        for (int k = 0; k < wanted; k++) {
            courses.add(CoursePattern.draw(rng).dayOffsets(rng));
        }
        while (courses.size() > 1 && daysNeeded(courses) > room) {
            courses.remove(courses.size() - 1);
        }
        if (daysNeeded(courses) > room) {
            courses.set(0, truncate(courses.get(0), room));
        }
        int[] extraGaps = splitSlack(room - daysNeeded(courses), courses.size(), rng);

        List<ScheduledSession> sessions = new ArrayList<>();
        LocalDate courseStart = earliest.plusDays(extraGaps[0]);
        for (int k = 0; k < courses.size(); k++) {
            int[] offsets = courses.get(k);
            Modality modality = deck.deal();
            int therapist = rng.between(1, THERAPISTS_PER_CLINIC);
            for (int offset : offsets) {
                sessions.add(session(
                        client, rng, sessions.size() + 1, k, modality, therapist, courseStart.plusDays(offset)));
            }
            if (k + 1 < courses.size()) {
                courseStart = courseStart.plusDays(span(offsets) + MIN_COURSE_GAP_DAYS + extraGaps[k + 1]);
            }
        }
        return sessions;
    }

    private ScheduledSession session(
            ClientProfile client,
            Rng rng,
            int number,
            int course,
            Modality modality,
            int courseTherapist,
            LocalDate day) {
        boolean selfAdministered = modality == Modality.SELF_ACUPRESSURE;
        int duration = selfAdministered ? 30 : DURATIONS[rng.weighted(DURATION_WEIGHTS)];
        int startMinute = OPENING_MINUTE + 15 * rng.nextInt((CLOSING_MINUTE - OPENING_MINUTE - duration) / 15 + 1);
        ZonedDateTime start = ZonedDateTime.of(day, LocalTime.of(startMinute / 60, startMinute % 60), client.zone());
        // Mostly the course's therapist; sometimes a colleague covers.
        int therapist = rng.chance(0.15) ? rng.between(1, THERAPISTS_PER_CLINIC) : courseTherapist;
        Pressure pressure = pressure(modality, rng);
        double statusRoll = rng.nextDouble();
        double kindRoll = rng.nextDouble();
        SessionStatus status = statusRoll >= cancellationRate
                ? SessionStatus.COMPLETED
                : kindRoll < NO_SHOW_SHARE ? SessionStatus.NO_SHOW : SessionStatus.CANCELLED;
        return new ScheduledSession(
                client.clientId() + "-s" + (number < 10 ? "0" + number : Integer.toString(number)),
                course,
                modality,
                day,
                start.toInstant(),
                duration,
                selfAdministered ? null : client.clinicId() + "-t" + "0" + therapist,
                pressure,
                status);
    }

    /** Pressure follows the modality's style; one in ten sessions has none recorded. */
    private static Pressure pressure(Modality modality, Rng rng) {
        double[] lightMediumFirm;
        switch (modality) {
            case DEEP_TISSUE:
            case SPORTS:
            case TRIGGER_POINT:
            case THAI:
            case TUI_NA:
                lightMediumFirm = new double[] {0.05, 0.35, 0.6};
                break;
            case PRENATAL:
            case CRANIOSACRAL:
            case AROMATHERAPY:
            case REFLEXOLOGY:
                lightMediumFirm = new double[] {0.6, 0.35, 0.05};
                break;
            default:
                lightMediumFirm = new double[] {0.25, 0.55, 0.2};
        }
        boolean recorded = rng.chance(0.9);
        Pressure p = Pressure.values()[rng.weighted(lightMediumFirm)];
        return recorded ? p : null;
    }

    private static int span(int[] offsets) {
        return offsets[offsets.length - 1];
    }

    private static int daysNeeded(List<int[]> courses) {
        int days = MIN_COURSE_GAP_DAYS * (courses.size() - 1);
        for (int[] c : courses) {
            days += span(c);
        }
        return days;
    }

    private static int[] truncate(int[] offsets, int room) {
        int n = 1;
        while (n < offsets.length && offsets[n] <= room) {
            n++;
        }
        int[] kept = new int[n];
        System.arraycopy(offsets, 0, kept, 0, n);
        return kept;
    }

    /** Random extra days before the first course and in each gap; the rest is left after the last course. */
    private static int[] splitSlack(int slack, int courses, Rng rng) {
        double[] weights = new double[courses + 1];
        double total = 0;
        for (int i = 0; i < weights.length; i++) {
            weights[i] = rng.nextDouble();
            total += weights[i];
        }
        int[] parts = new int[courses];
        for (int i = 0; i < courses; i++) {
            parts[i] = (int) (slack * weights[i] / total);
        }
        return parts;
    }
}
