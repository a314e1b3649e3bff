package org.sleepdelta.cli.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.sleepdelta.cli.bench.freshness.FreshnessOptions;
import org.sleepdelta.simulator.SimulationConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Measures the streams engine on an embedded broker over generated data: limit, backfill, growth, scaling,"
                    + " freshness. Prints a table (or JSON) with the machine it ran on; progress goes to stderr.",
            "Exits 1 when the backfill's output differs from the batch definition."
        })
public final class BenchCommand implements Callable<Integer> {
    static final List<String> PHASES =
            List.of(LimitPhase.NAME, BackfillPhase.NAME, GrowthPhase.NAME, ScalingPhase.NAME, FreshnessPhase.NAME);

    /** The sizes of a default run (about 5 minutes on 2 cores, idle) and of --quick (about 2 minutes, mostly fixed costs). */
    private record Sizes(int clients, int nights, int growthClients, int scalingClients, int scalingNights) {}

    private static final Sizes DEFAULT = new Sizes(2000, 365, 300, 400, 120);
    private static final Sizes QUICK = new Sizes(20, 60, 10, 20, 60);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--quick",
            description = "A tiny run (about two minutes on 2 cores) that checks the bench itself, not speed.")
    boolean quick;

    @Option(
            names = "--json",
            arity = "0..1",
            fallbackValue = "-",
            paramLabel = "FILE",
            description = "Write the report as JSON to FILE (the table still goes to stdout), or without FILE print"
                    + " JSON instead of the table.")
    String json;

    @Option(
            names = "--phases",
            split = ",",
            paramLabel = "PHASE",
            description = "Comma-separated phases to run: limit, backfill, growth, scaling, freshness (default: all)."
                    + " They always run in that order.")
    List<String> phases;

    @Option(names = "--clients", description = "Clients of the limit and backfill data (default 2000; --quick 20).")
    Integer clients;

    @Option(names = "--nights", description = "Nights per client (default 365; --quick 60); growth's long history.")
    Integer nights;

    @Option(names = "--seed", description = "Simulation seed (default ${DEFAULT-VALUE}).")
    long seed = SimulationConfig.DEFAULT_SEED;

    @Option(names = "--growth-clients", description = "Clients of the growth phase (default 300; --quick 10).")
    Integer growthClients;

    @Option(names = "--scaling-clients", description = "Clients of the scaling phase (default 400; --quick 20).")
    Integer scalingClients;

    @Option(names = "--scaling-nights", description = "Nights of the scaling phase (default 120; --quick 60).")
    Integer scalingNights;

    @Override
    public Integer call() throws Exception {
        List<String> selected =
                phases == null ? PHASES : phases.stream().map(String::trim).toList();
        for (String phase : selected) {
            if (!PHASES.contains(phase)) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "unknown phase '" + phase + "'; phases: " + String.join(",", PHASES));
            }
        }
        Sizes base = quick ? QUICK : DEFAULT;
        Sizes sizes = new Sizes(
                clients == null ? base.clients() : clients,
                nights == null ? base.nights() : nights,
                growthClients == null ? base.growthClients() : growthClients,
                scalingClients == null ? base.scalingClients() : scalingClients,
                scalingNights == null ? base.scalingNights() : scalingNights);

        BenchReport report = new BenchReport(BenchEnvironment.facts());
        report.onRow(row -> System.err.printf(
                Locale.ROOT,
                "[bench] %s | %s | %s %s | %s%n",
                row.phase(),
                row.measure(),
                BenchReport.formatted(row.value()),
                row.unit(),
                row.note()));
        Path workDir = Files.createTempDirectory("sleepdelta-bench");
        boolean outputEqual = true;
        try {
            BenchData data = null;
            if (selected.contains(LimitPhase.NAME) || selected.contains(BackfillPhase.NAME)) {
                System.err.printf(
                        Locale.ROOT,
                        "[bench] generating %d clients x %d nights (seed %d)%n",
                        sizes.clients(),
                        sizes.nights(),
                        seed);
                data = BenchData.generate(sizes.clients(), sizes.nights(), seed);
                report.add("data", "clients", data.clients(), "clients", "last night " + BenchData.LAST_NIGHT);
                report.add("data", "nights", data.nights(), "nights", "per client");
                report.add(
                        "data",
                        "input records",
                        data.inputs().size(),
                        "records",
                        data.sleepRecords() + " sleep records, " + data.sessions()
                                + " session records, in arrival order");
                report.add(
                        "data",
                        "generation",
                        data.generationNanos() / 1e9,
                        "s",
                        "simulate and encode, once; only the encoded bytes are kept");
                report.add("data", "encoded values", data.bytes() / 1e6, "MB", "");
            }
            try (BenchBroker broker = BenchBroker.start()) {
                report.setting(
                        "broker",
                        "embedded single-node KRaft broker on this machine, JVM "
                                + BenchEnvironment.brokerJvm(broker.processHandle()));
                report.setting(
                        "topics", BenchBroker.PARTITIONS + " partitions, deleted and created empty before each phase");
                report.setting(
                        "app",
                        "SleepChangeApp: " + AppRuns.RETENTION_NOTE + "; otherwise the service's "
                                + "defaults (RocksDB, EOS v2, commit 100 ms); fresh application id and state per run");
                report.setting("mode", quick ? "--quick (checks the bench, not speed)" : "default");
                BenchContext context = new BenchContext(broker, workDir, report, System.err);
                // --quick checks that the bench works, not how fast: the warm-up would only make it slower.
                report.setting("warm-up", quick ? "none (--quick)" : WarmUp.run(context, seed + 1));
                double passThrough = Double.NaN;
                if (selected.contains(LimitPhase.NAME)) {
                    passThrough = LimitPhase.run(context, data);
                }
                if (selected.contains(BackfillPhase.NAME)) {
                    outputEqual = BackfillPhase.run(context, data, passThrough);
                }
                if (selected.contains(GrowthPhase.NAME)) {
                    GrowthPhase.run(context, sizes.growthClients(), sizes.nights(), seed);
                }
                if (selected.contains(ScalingPhase.NAME)) {
                    ScalingPhase.run(context, sizes.scalingClients(), sizes.scalingNights(), seed);
                }
                if (selected.contains(FreshnessPhase.NAME)) {
                    FreshnessPhase.run(context, quick ? FreshnessOptions.quick() : FreshnessOptions.defaults());
                }
            }
        } finally {
            BenchContext.delete(workDir);
        }

        PrintWriter out = spec.commandLine().getOut();
        if ("-".equals(json)) {
            out.println(report.json());
        } else {
            out.print(report.table());
            if (json != null) {
                Files.writeString(Path.of(json), report.json() + System.lineSeparator());
            }
        }
        out.flush();
        return outputEqual ? 0 : 1;
    }
}
