package org.sleepdelta.simulator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Generates a deterministic cohort of clinic clients: their nightly sleep from one or two devices, their massage
 * sessions, and the true effect of each session, with the mess of real data (gaps, naps, late syncs, re-scoring,
 * withdrawals, cancellations).
 *
 * <p>Clients are generated one after another from independent random streams; only the final sort by arrival
 * looks at the whole cohort. For each client the true nights' noise is drawn first, then the sessions are placed
 * (possibly after the client's worst weeks, see {@link HardCases}), then effects, drift and devices are applied.
 */
public final class CohortSimulator {

    private CohortSimulator() {}

    public static Simulation simulate(SimulationConfig config) {
        ClientProfileGenerator profiles = new ClientProfileGenerator(config);
        SessionScheduler scheduler = new SessionScheduler(config);
        SleepEventWriter sleepWriter = new SleepEventWriter(config);
        HardCasePlanner hardCases = new HardCasePlanner(config);
        // Roughly 1.25 events per client-night with default rates; sizing up front avoids repeated copying.
        List<SimulatedEvent> events = new ArrayList<>(
                (int) Math.min(Integer.MAX_VALUE - 8, (long) config.clients() * config.nights() * 5 / 4 + 64));
        List<ClientTruth> truths = new ArrayList<>(config.clients());
        Tally tally = new Tally();
        for (int i = 0; i < config.clients(); i++) {
            ClientProfile p = profiles.generate(i);
            ClientNights nights = ClientNights.draw(p, config);
            ClientTruth truth = hardCases.plan(p, scheduler.schedule(p));
            List<ScheduledSession> sessions = truth.sessions();
            truths.add(truth);
            ArrivalPlanner arrivals = new ArrivalPlanner(Rng.stream(config.seed(), i, RandomPurpose.ARRIVALS));
            SessionEventWriter.write(p, sessions, arrivals, events, tally);
            sleepWriter.write(p, truth, nights, arrivals, events, tally);
            tally.clients++;
            if (p.secondarySource() != null) {
                tally.clientsWithSecondDevice++;
            }
        }
        // List.sort is stable: equal arrivals keep generation order, and follow-ups are generated after what they
        // follow (and arrive strictly later anyway).
        events.sort(Comparator.comparing(SimulatedEvent::arrival));
        return new Simulation(config, events, new GroundTruth(truths), tally.freeze(events.size()));
    }
}
