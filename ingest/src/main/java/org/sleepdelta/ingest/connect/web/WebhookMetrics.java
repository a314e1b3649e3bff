package org.sleepdelta.ingest.connect.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** {@code sleepdelta.connections.webhooks{vendor, outcome=accepted|refused}}: vendors' webhook calls as answered. */
public final class WebhookMetrics {
    static final String WEBHOOKS = "sleepdelta.connections.webhooks";

    private final MeterRegistry registry;

    public WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Both series of each configured vendor exist from the start, at 0, so that a rate over them shows 0. */
    public WebhookMetrics startAtZero(java.util.Collection<String> vendors) {
        for (String vendor : vendors) {
            counter(vendor, "accepted");
            counter(vendor, "refused");
        }
        return this;
    }

    /** @param vendor a configured vendor's path name only, so that the tags stay few */
    void accepted(String vendor) {
        counter(vendor, "accepted").increment();
    }

    void refused(String vendor) {
        counter(vendor, "refused").increment();
    }

    private Counter counter(String vendor, String outcome) {
        return Counter.builder(WEBHOOKS)
                .description("Vendor webhook calls, by whether they were accepted or refused (forged, unverifiable)")
                .tag("vendor", vendor)
                .tag("outcome", outcome)
                .register(registry);
    }
}
