package org.sleepdelta.cli.bench;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.sleepdelta.streams.app.SleepChangeApp;

/**
 * An untimed pass-through and app run over a small cohort before anything is timed, so that the first measured run
 * does not pay for class loading and the JIT (in this JVM and the broker's).
 */
final class WarmUp {
    static final int CLIENTS = 20;
    static final int NIGHTS = 60;

    private WarmUp() {}

    /** @return what it ran, for the report's settings */
    static String run(BenchContext context, long seed) throws Exception {
        context.progress(
                "warm-up", "untimed pass-through and app over " + CLIENTS + " clients x " + NIGHTS + " nights");
        BenchData data = BenchData.generate(CLIENTS, NIGHTS, seed);
        BenchBroker broker = context.broker();
        broker.resetTopics(PassThrough.copyTopics());
        broker.produce(data.inputs());
        Map<TopicPartition, Long> ends = broker.endOffsets(BenchBroker.INPUTS);
        LimitPhase.passThrough(context, ends, 1);
        String applicationId = context.newApplicationId("warmup");
        try (SleepChangeApp app = AppRuns.start(context, applicationId, context.newStateDir(applicationId), 1)) {
            broker.awaitCommitted(applicationId, ends, BenchContext.STEP_TIMEOUT);
        }
        broker.deleteInternalTopics(applicationId);
        return "untimed pass-through and app run over " + BenchBroker.total(ends) + " records (" + CLIENTS
                + " clients x " + NIGHTS + " nights) before the first measured run";
    }
}
