package org.sleepdelta.ingest.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.sleepdelta.schemas.erasure.ErasureAction;

/**
 * {@value #ERASURES} {@code action=erase|reregister}: erasure requests committed to Kafka. Registered at zero, so a
 * rate is defined before the first request. Nothing names a clinic or a client.
 */
final class ErasureMetrics {
    static final String ERASURES = "sleepdelta.ingest.erasures";

    private final Map<ErasureAction, Counter> requested = new EnumMap<>(ErasureAction.class);

    ErasureMetrics(MeterRegistry registry) {
        for (ErasureAction action : ErasureAction.values()) {
            requested.put(
                    action,
                    Counter.builder(ERASURES)
                            .tag("action", action.name().toLowerCase(Locale.ROOT))
                            .description("Erasure requests committed, by action (erase, reregister)")
                            .register(registry));
        }
    }

    void committed(ErasureAction action) {
        requested.get(action).increment();
    }
}
