package org.sleepdelta.cli.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.SleepChangeMetric;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.metric.BatchComputation;
import org.sleepdelta.metric.MetricSettings;
import org.sleepdelta.schemas.Topics;
import org.sleepdelta.schemas.codec.Codecs;

/**
 * Whether the dashboard topic holds exactly the metric definition computed over the same input at once
 * ({@link BatchComputation}): the latest value per key (read_committed, deleted keys absent), revision aside, equal
 * to the batch result for every key, and no other key. This is how a faster engine shows its output unchanged.
 *
 * <p>The batch side runs client by client (the definition never looks across clients, and the input is keyed by
 * client), decoding one client's bytes at a time, so a year of 2,000 clients needs no second copy of the input as
 * objects.
 *
 * @param keys       keys in the batch result
 * @param differing  keys whose value differs, missing from the topic, or present there but not in the batch result
 */
record OutputCheck(long keys, long differing) {
    boolean equal() {
        return differing == 0;
    }

    String verdict() {
        return equal() ? "equal" : differing + " differing keys";
    }

    static OutputCheck of(BenchContext context, List<BenchData.Input> inputs) {
        Map<String, byte[]> latest = new HashMap<>();
        context.broker().readToEnd(Topics.SLEEP_CHANGE_METRICS, r -> {
            if (r.value() == null) {
                latest.remove(r.key());
            } else {
                latest.put(r.key(), r.value());
            }
        });
        Map<String, List<BenchData.Input>> byClient = new LinkedHashMap<>();
        for (BenchData.Input input : inputs) {
            byClient.computeIfAbsent(input.key(), k -> new ArrayList<>()).add(input);
        }
        long keys = 0;
        long differing = 0;
        Set<String> seen = new HashSet<>();
        for (List<BenchData.Input> client : byClient.values()) {
            List<SleepRecord> sleep = new ArrayList<>();
            List<MassageSession> sessions = new ArrayList<>();
            for (BenchData.Input input : client) {
                if (input.sleep()) {
                    sleep.add(Codecs.sleepRecord().decode(input.value()));
                } else {
                    sessions.add(Codecs.massageSession().decode(input.value()));
                }
            }
            for (var expected : BatchComputation.compute(sleep, sessions, MetricSettings.defaults())
                    .entrySet()) {
                String key = expected.getKey().toString();
                keys++;
                seen.add(key);
                byte[] actual = latest.get(key);
                if (actual == null
                        || !withoutRevision(Codecs.sleepChangeMetric().decode(actual))
                                .equals(expected.getValue())) {
                    differing++;
                }
            }
        }
        for (String key : latest.keySet()) {
            if (!seen.contains(key)) {
                differing++;
            }
        }
        return new OutputCheck(keys, differing);
    }

    /** The revision counts emissions and has no batch counterpart (the batch result carries 0). */
    private static SleepChangeMetric withoutRevision(SleepChangeMetric metric) {
        return SleepChangeMetric.newBuilder(metric).setRevision(0).build();
    }
}
