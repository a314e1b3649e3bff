package org.sleepdelta.dashboard.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/** The names Grafana dashboards and alerts query, exactly as the Prometheus registry exports them. */
class SinkMetricsTest {

    @Test
    void prometheusExportsEveryMeterUnderItsAgreedNameBeforeTheFirstRecord() {
        // given
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

        // when
        new SinkMetrics(registry, new SinkState());
        String scrape = registry.scrape();

        // then
        assertThat(scrape)
                .contains(
                        "sleepdelta_sink_upserts_total{table=\"sleep_change\"} 0.0",
                        "sleepdelta_sink_upserts_total{table=\"nightly_sleep\"} 0.0",
                        "sleepdelta_sink_deletes_total{table=\"sleep_change\"} 0.0",
                        "sleepdelta_sink_deletes_total{table=\"nightly_sleep\"} 0.0",
                        "sleepdelta_sink_stale_revisions_total 0.0",
                        "sleepdelta_sink_undecodable_total 0.0",
                        "sleepdelta_sink_batch_failures_total 0.0",
                        "sleepdelta_sink_fenced_partitions_total 0.0",
                        "sleepdelta_sink_rows_rejected_total{reason=\"data_exception\"} 0.0",
                        "sleepdelta_sink_rows_rejected_total{reason=\"integrity_constraint\"} 0.0",
                        "sleepdelta_sink_batch_seconds_count 0",
                        "sleepdelta_sink_erasures_total{action=\"erase\"} 0.0",
                        "sleepdelta_sink_erasures_total{action=\"reregister\"} 0.0",
                        "sleepdelta_sink_erased_rows_total{table=\"sleep_change\"} 0.0",
                        "sleepdelta_sink_erased_rows_total{table=\"nightly_sleep\"} 0.0",
                        "sleepdelta_sink_erased_rows_total{table=\"sink_rejections\"} 0.0",
                        "sleepdelta_sink_erased_records_skipped_total 0.0",
                        "sleepdelta_sink_erasure_requests_refused_total 0.0",
                        "sleepdelta_sink_erasure_audit_published_total 0.0",
                        "sleepdelta_sink_erasure_audit_pending 0.0",
                        "sleepdelta_sink_lag_records NaN",
                        "sleepdelta_sink_last_commit_timestamp_seconds 0.0",
                        "sleepdelta_end_to_end_latency_seconds_bucket{le=\"0.01\"} 0",
                        "sleepdelta_end_to_end_latency_seconds_count 0");
    }

    @Test
    void aCommittedBatchCountsPerTableAndRecordsLatencyOfSleepChangesWithAnIngestTime() {
        // given
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SinkState state = new SinkState();
        SinkMetrics metrics = new SinkMetrics(registry, state);
        SleepChangeBatch.Tally sleepChange = new SleepChangeBatch.Tally();
        sleepChange.upserts = 3;
        sleepChange.deletes = 1;
        sleepChange.stale = 2;
        sleepChange.latencies.add(10_000L);
        sleepChange.latencies.add(-1L);
        SleepChangeBatch.Tally nightly = new SleepChangeBatch.Tally();
        nightly.upserts = 5;

        // when
        metrics.committed(new BatchOutcome(sleepChange, nightly, 1, 2_000_000), 12_500L);
        state.lagRecords = 7;
        state.lastCommitEpochSeconds = 1_700_000_000.5;

        // then
        assertThat(registry.scrape())
                .contains(
                        "sleepdelta_sink_upserts_total{table=\"sleep_change\"} 3.0",
                        "sleepdelta_sink_upserts_total{table=\"nightly_sleep\"} 5.0",
                        "sleepdelta_sink_deletes_total{table=\"sleep_change\"} 1.0",
                        "sleepdelta_sink_stale_revisions_total 2.0",
                        "sleepdelta_sink_undecodable_total 1.0",
                        "sleepdelta_sink_batch_seconds_count 1",
                        "sleepdelta_sink_lag_records 7.0",
                        "sleepdelta_sink_last_commit_timestamp_seconds 1.7000000005E9",
                        "sleepdelta_end_to_end_latency_seconds_count 1",
                        "sleepdelta_end_to_end_latency_seconds_sum 2.5");
    }
}
