package org.sleepdelta.simulator;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The noise-free truth behind a simulated cohort, so a demo can state what the pipeline should find.
 * For a metric window: expected delta = {@code meanEffect(post nights)} minus {@code meanEffect(baseline nights)}.
 *
 * <p>With {@link HardCases} the recorded values also move for reasons that are not session effects, and this
 * class tells them apart: {@link #meanEffect} is the session effect only, {@link #meanDrift} the seasonal drift of
 * the true mean, {@link #readingOffset} what the recording device adds on top of the truth, and {@link
 * #deviceChangeNight} when that device changed. A naive pre/post delta of recorded total sleep expects
 * meanEffect + meanDrift + meanReadingOffset (post) minus the same over the baseline.
 */
public final class GroundTruth {
    private final List<ClientTruth> clients;
    private final Map<String, ClientTruth> byKey;

    GroundTruth(List<ClientTruth> clients) {
        this.clients = Collections.unmodifiableList(new ArrayList<>(clients));
        this.byKey = new HashMap<>(clients.size() * 2);
        for (ClientTruth c : clients) {
            byKey.put(key(c.clinicId(), c.clientId()), c);
        }
    }

    /** Every client in cohort order. */
    public List<ClientTruth> clients() {
        return clients;
    }

    /** @throws IllegalArgumentException if the client is not part of the cohort */
    public ClientTruth client(String clinicId, String clientId) {
        ClientTruth c = byKey.get(key(clinicId, clientId));
        if (c == null) {
            throw new IllegalArgumentException("no simulated client " + clientId + " in clinic " + clinicId);
        }
        return c;
    }

    /** The shift applied to the client's means on that night; {@link NightEffect#NONE} outside every window. */
    public NightEffect effectOn(String clinicId, String clientId, LocalDate night) {
        return client(clinicId, clientId).effectOn(night);
    }

    /** Average shift over the nights {@code from..to}, both inclusive. */
    public NightEffect meanEffect(String clinicId, String clientId, LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("empty night range " + from + ".." + to);
        }
        ClientTruth c = client(clinicId, clientId);
        double tst = 0;
        double latency = 0;
        double waso = 0;
        int n = 0;
        for (LocalDate night = from; !night.isAfter(to); night = night.plusDays(1)) {
            NightEffect e = c.effectOn(night);
            tst += e.totalSleepMinutes();
            latency += e.sleepLatencyMinutes();
            waso += e.wasoMinutes();
            n++;
        }
        return new NightEffect(tst / n, latency / n, waso / n);
    }

    /** Mean seasonal drift of true mean total sleep over the nights {@code from..to}, both inclusive, minutes. */
    public double meanDrift(String clinicId, String clientId, LocalDate from, LocalDate to) {
        ClientTruth c = client(clinicId, clientId);
        return mean(from, to, c::driftOn);
    }

    /**
     * Recorded minus true total sleep of the client's recording device on that night (main sleep): the
     * replacement device's offset from the {@link #deviceChangeNight} on, 0 before and for clients who keep their
     * device.
     */
    public double readingOffset(String clinicId, String clientId, LocalDate night) {
        return client(clinicId, clientId).readingOffsetOn(night);
    }

    /** Mean {@link #readingOffset} over the nights {@code from..to}, both inclusive. */
    public double meanReadingOffset(String clinicId, String clientId, LocalDate from, LocalDate to) {
        ClientTruth c = client(clinicId, clientId);
        return mean(from, to, c::readingOffsetOn);
    }

    /** The first night the client's replacement device records, or null if the client keeps its device. */
    public LocalDate deviceChangeNight(String clinicId, String clientId) {
        return client(clinicId, clientId).deviceChangeNight();
    }

    private static double mean(LocalDate from, LocalDate to, ToDoubleFunction<LocalDate> f) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("empty night range " + from + ".." + to);
        }
        double sum = 0;
        int n = 0;
        for (LocalDate night = from; !night.isAfter(to); night = night.plusDays(1)) {
            sum += f.applyAsDouble(night);
            n++;
        }
        return sum / n;
    }

    private static String key(String clinicId, String clientId) {
        return clinicId + '\u0000' + clientId;
    }
}
