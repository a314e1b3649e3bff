package org.sleepdelta.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.common.TopicPartition;
import org.sleepdelta.streams.app.SleepChangeApp;

/** The same backfill with one thread, two threads, and two instances of one thread each (one application id). */
final class ScalingPhase {
    static final String NAME = "scaling";

    private record Shape(String name, int instances, int threads) {}

    private static final List<Shape> SHAPES = List.of(
            new Shape("1 instance, 1 thread", 1, 1),
            new Shape("1 instance, 2 threads", 1, 2),
            new Shape("2 instances, 1 thread each", 2, 1));

    private ScalingPhase() {}

    static void run(BenchContext context, int clients, int nights, long seed) throws Exception {
        BenchBroker broker = context.broker();
        context.progress(NAME, "generating " + clients + " clients x " + nights + " nights");
        BenchData data = BenchData.generate(clients, nights, seed);
        context.progress(NAME, "resetting topics, writing " + data.inputs().size() + " records");
        broker.resetTopics();
        broker.produce(data.inputs());
        Map<TopicPartition, Long> ends = broker.endOffsets(BenchBroker.INPUTS);
        context.report()
                .add(
                        NAME,
                        "input records",
                        BenchBroker.total(ends),
                        "records",
                        clients + " clients x " + nights + " nights");
        double baseline = Double.NaN;
        for (Shape shape : SHAPES) {
            context.progress(NAME, shape.name());
            Throughput t = backfill(context, shape, ends);
            if (Double.isNaN(baseline)) {
                baseline = t.recordsPerSecond();
            }
            context.report()
                    .add(
                            NAME,
                            shape.name(),
                            t.recordsPerSecond(),
                            "records/s",
                            String.format(
                                    Locale.ROOT,
                                    "%.2f x 1 thread; %d records timed from all instances RUNNING, in %.1f s",
                                    t.recordsPerSecond() / baseline,
                                    t.records(),
                                    t.seconds()));
        }
    }

    /** Starts every instance at once (one application id, own state directories) and times them together. */
    private static Throughput backfill(BenchContext context, Shape shape, Map<TopicPartition, Long> ends)
            throws Exception {
        String applicationId = context.newApplicationId("scaling");
        List<SleepChangeApp> apps = new ArrayList<>();
        ExecutorService starter = Executors.newFixedThreadPool(shape.instances());
        try {
            List<Future<SleepChangeApp>> starting = new ArrayList<>();
            for (int i = 0; i < shape.instances(); i++) {
                var stateDir = context.newStateDir(applicationId);
                starting.add(starter.submit(() -> AppRuns.start(context, applicationId, stateDir, shape.threads())));
            }
            for (Future<SleepChangeApp> app : starting) {
                apps.add(app.get());
            }
            return Throughput.measure(context, applicationId, ends);
        } finally {
            starter.shutdown();
            apps.forEach(SleepChangeApp::close);
            context.broker().deleteInternalTopics(applicationId);
        }
    }
}
