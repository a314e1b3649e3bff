package org.sleepdelta.ingest.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.time.Duration;
import org.sleepdelta.schemas.json.CanonicalJson;

/** {@code /health/live}: the process serves HTTP. {@code /health/ready}: and Kafka answers, so batches can be taken. */
final class HealthEndpoints {
    private final KafkaReadiness kafka;

    HealthEndpoints(KafkaReadiness kafka) {
        this.kafka = kafka;
    }

    void live(Context ctx) {
        JsonResponses.write(ctx, 200, status("live"));
    }

    void ready(Context ctx) {
        if (kafka.isReady()) {
            JsonResponses.write(ctx, 200, status("ready"));
        } else {
            JsonResponses.error(
                    ctx, ApiError.of(503, "not_ready", "Kafka is not reachable").retryAfter(Duration.ofSeconds(1)));
        }
    }

    private static ObjectNode status(String status) {
        return CanonicalJson.mapper().createObjectNode().put("status", status);
    }
}
