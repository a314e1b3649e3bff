package org.sleepdelta.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sleepdelta.platform.testing.PrometheusText;

class ServiceMetricsTest {
    private final ServiceMetrics metrics = ServiceMetrics.create("test-service");

    @AfterEach
    void close() {
        metrics.close();
    }

    @Test
    void aRegisteredCounterIsScrapedWithTotalSuffixItsTagsAndTheServiceTag() {
        // given
        Counter counter = metrics.registry().counter("sleepdelta.test.records.processed", "kind", "sleep");

        // when
        counter.increment(3);
        PrometheusText scrape = PrometheusText.parse(metrics.scrape());

        // then
        assertThat(scrape.value("sleepdelta_test_records_processed_total", "kind", "sleep", "service", "test-service"))
                .isEqualTo(3.0);
    }

    @Test
    void timersAreInSecondsAndGaugesKeepTheirName() {
        // given
        metrics.registry().timer("sleepdelta.test.requests").record(Duration.ofMillis(250));
        Gauge.builder("sleepdelta.test.running", () -> 1).register(metrics.registry());

        // when
        PrometheusText scrape = PrometheusText.parse(metrics.scrape());

        // then
        assertThat(scrape.value("sleepdelta_test_requests_seconds_sum")).isEqualTo(0.25);
        assertThat(scrape.value("sleepdelta_test_requests_seconds_count")).isEqualTo(1.0);
        assertThat(scrape.value("sleepdelta_test_running")).isEqualTo(1.0);
    }

    @Test
    void theJvmAndProcessBindersAreThereFromTheStart() {
        // when
        PrometheusText scrape = PrometheusText.parse(metrics.scrape());

        // then
        assertThat(scrape.names())
                .contains(
                        "jvm_memory_used_bytes",
                        "jvm_threads_live_threads",
                        "jvm_gc_memory_allocated_bytes_total",
                        "system_cpu_count",
                        "process_uptime_seconds");
        assertThat(scrape.samples()).allSatisfy(s -> assertThat(s.labels()).containsEntry("service", "test-service"));
    }

    @Test
    void theScrapeIsTheTextFormatThatTheContentTypeNames() {
        // given
        metrics.registry().counter("sleepdelta.test.things").increment();

        // when
        String text = metrics.scrape();

        // then the 0.0.4 format has no OpenMetrics "# EOF" trailer and types counters as counter
        assertThat(ServiceMetrics.CONTENT_TYPE).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(text).contains("# TYPE sleepdelta_test_things_total counter").doesNotContain("# EOF");
    }

    @ParameterizedTest
    @ValueSource(strings = {"client", "clientId", "client_id", "clinic", "clinicId", "clinic_id"})
    void aMeterThatWouldNameAClientOrClinicCannotBeRegistered(String tag) {
        // given
        MeterRegistry registry = metrics.registry();

        // then
        assertThatThrownBy(() -> registry.counter("sleepdelta.test.per.person", tag, "c0001"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(tag);
        assertThat(metrics.scrape()).doesNotContain("c0001");
    }

    @Test
    void closingClosesTheBindersThatNeedIt() {
        // given
        AtomicBoolean closed = new AtomicBoolean();
        class ClosingBinder implements MeterBinder, AutoCloseable {
            @Override
            public void bindTo(MeterRegistry registry) {
                registry.counter("sleepdelta.test.bound").increment();
            }

            @Override
            public void close() {
                closed.set(true);
            }
        }
        metrics.bind(new ClosingBinder());
        assertThat(metrics.scrape()).contains("sleepdelta_test_bound_total");

        // when
        metrics.close();

        // then
        assertThat(closed).isTrue();
        assertThatThrownBy(() -> metrics.bind(new ClosingBinder())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aTimerWithAPercentileHistogramIsScrapedWithBuckets() {
        // given
        Timer timer = Timer.builder("sleepdelta.test.latency")
                .publishPercentileHistogram()
                .register(metrics.registry());

        // when
        timer.record(Duration.ofMillis(3));
        PrometheusText scrape = PrometheusText.parse(metrics.scrape());

        // then
        assertThat(scrape.find("sleepdelta_test_latency_seconds_bucket")).hasSizeGreaterThan(10);
        assertThat(scrape.value("sleepdelta_test_latency_seconds_bucket", "le", "+Inf"))
                .isEqualTo(1.0);
    }

    @Test
    void filtersGivenAtCreationApplyToEveryMeterFromTheStartAndCannotLiftThePersonalTagRule() {
        // given a filter that drops the JVM's memory meters and one that would drop every tag
        try (ServiceMetrics filtered = ServiceMetrics.create(
                "filtered", MeterFilter.denyNameStartsWith("jvm.memory"), MeterFilter.ignoreTags("clinic", "kind"))) {

            // when
            filtered.registry()
                    .counter("sleepdelta.test.records", "kind", "sleep")
                    .increment();
            PrometheusText scrape = PrometheusText.parse(filtered.scrape());

            // then the binders registered in the constructor were filtered too
            assertThat(scrape.names()).doesNotContain("jvm_memory_used_bytes").contains("jvm_threads_live_threads");
            assertThat(scrape.value("sleepdelta_test_records_total", "service", "filtered"))
                    .isEqualTo(1.0);
            assertThat(scrape.find("sleepdelta_test_records_total", "kind", "sleep"))
                    .isEmpty();
            assertThatThrownBy(() -> filtered.registry().counter("sleepdelta.test.visits", "clinic", "c"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'clinic'");
        }
    }
}
