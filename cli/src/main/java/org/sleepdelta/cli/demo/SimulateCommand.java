package org.sleepdelta.cli.demo;

import java.net.URI;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sleepdelta.simulator.Clinic;
import org.sleepdelta.simulator.CohortSimulator;
import org.sleepdelta.simulator.Simulation;
import org.sleepdelta.simulator.SimulationConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = "Sends a simulated cohort of one clinic to a running ingest service over HTTP, as a clinic's "
                + "integration would (batches of 500, in order, honouring 429). For docker-compose and manual tests.")
public final class SimulateCommand implements Callable<Integer> {
    @Option(
            names = "--ingest-url",
            required = true,
            description = "Base URL of the ingest service, e.g. http://ingest:8080.")
    URI ingestUrl;

    @Option(names = "--api-key", required = true, description = "The clinic's API key.")
    String apiKey;

    @Option(
            names = "--clinic",
            defaultValue = "clinic-demo",
            description = "The key's clinic (default: ${DEFAULT-VALUE}).")
    String clinicId;

    @Option(
            names = "--timezone",
            defaultValue = "Europe/Berlin",
            description = "The clinic's zone (default: ${DEFAULT-VALUE}).")
    String timezone;

    @Option(names = "--clients", defaultValue = "50", description = "Simulated clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(
            names = "--nights",
            defaultValue = "56",
            description = "Nights per client, ending yesterday; nights older "
                    + "than ingest's retention go to rejected-records as TOO_LATE (default: ${DEFAULT-VALUE}).")
    int nights;

    @Option(names = "--seed", defaultValue = "20240611", description = "Simulation seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        SimulationConfig config = SimulationConfig.builder(
                        LocalDate.now(ZoneOffset.UTC).minusDays(1))
                .clients(clients)
                .nights(nights)
                .seed(seed)
                .clinics(List.of(Clinic.of(clinicId, timezone)))
                .build();
        Simulation simulation = CohortSimulator.simulate(config);
        HttpFeeder feeder = new HttpFeeder(ingestUrl, Map.of(clinicId, apiKey));
        feeder.feed(simulation.events());
        spec.commandLine()
                .getOut()
                .printf(
                        "simulate: %,d records accepted by %s for %s%s%n",
                        feeder.accepted(),
                        ingestUrl,
                        clinicId,
                        feeder.outsideRetention() == 0
                                ? ""
                                : String.format(
                                        "; %,d older than its retention (on rejected-records as TOO_LATE)",
                                        feeder.outsideRetention()));
        return 0;
    }
}
