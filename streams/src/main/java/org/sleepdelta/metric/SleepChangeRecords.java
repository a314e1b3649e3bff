package org.sleepdelta.metric;

import org.sleepdelta.avro.MetricStats;
import org.sleepdelta.avro.SleepChangeMetric;
import org.sleepdelta.avro.SleepMetrics;
import org.sleepdelta.schemas.ClientKey;
import org.sleepdelta.schemas.MetricKey;

/** Turns a computed change into the dashboard record. */
public final class SleepChangeRecords {
    /** Version 2: intervals, reliable and meaningful change, the reference baseline (docs/metric-definition.md). */
    public static final int DEFINITION_VERSION = 2;

    private static final Metric[] METRICS = Metric.values();

    private SleepChangeRecords() {}

    public static MetricKey keyOf(ClientKey client, WindowSpec spec) {
        return new MetricKey(client.clinicId(), client.clientId(), spec.sessionId(), spec.window());
    }

    public static SleepChangeMetric toAvro(ClientKey client, SleepChange change, long revision) {
        WindowSpec spec = change.spec();
        SleepMetrics metrics = new SleepMetrics();
        for (Metric metric : METRICS) {
            metrics.put(metric.fieldName(), toAvro(change.metrics().get(metric)));
        }
        return SleepChangeMetric.newBuilder()
                .setClinicId(client.clinicId())
                .setClientId(client.clientId())
                .setSessionId(spec.sessionId())
                .setWindow(spec.window())
                .setModality(spec.modality())
                .setFirstNight(spec.firstNight())
                .setWindowStart(spec.postStart())
                .setWindowEnd(spec.postEnd())
                .setBaselineStart(spec.baselineStart())
                .setBaselineEnd(spec.baselineEnd())
                .setSessionsInWindow(spec.sessionsInWindow())
                .setReferenceStart(spec.referenceStart())
                .setReferenceEnd(spec.referenceEnd())
                .setMixedSources(change.mixedSources())
                .setDefinitionVersion(DEFINITION_VERSION)
                .setMetrics(metrics)
                .setRevision(revision)
                .setComplete(change.complete())
                .build();
    }

    private static MetricStats toAvro(Stats s) {
        return MetricStats.newBuilder()
                .setBaselineN(s.baselineN())
                .setPostN(s.postN())
                .setBaselineMean(s.baselineMean())
                .setBaselineSd(s.baselineSd())
                .setPostMean(s.postMean())
                .setDelta(s.delta())
                .setPctChange(s.pctChange())
                .setZ(s.z())
                .setMeaningfulImprovement(s.meaningfulImprovement())
                .setCiLow(s.ciLow())
                .setCiHigh(s.ciHigh())
                .setReliableImprovement(s.reliableImprovement())
                .setMeetsThreshold(s.meetsThreshold())
                .setAutocorrelation(s.autocorrelation())
                .setReferenceN(s.referenceN())
                .setReferenceMean(s.referenceMean())
                .setAdjustedDelta(s.adjustedDelta())
                .setAdjustedCiLow(s.adjustedCiLow())
                .setAdjustedCiHigh(s.adjustedCiHigh())
                .build();
    }
}
