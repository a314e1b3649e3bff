package org.sleepdelta.ingest.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * The one place that decides what a Kafka failure means to a client. The whole cause chain is searched, because the
 * producer often wraps the real cause (a commit fails with a {@code KafkaException} whose cause is the timeout).
 * The first matching row wins, most serious first:
 *
 * <table>
 * <tr><th>cause</th><th>response</th></tr>
 * <tr><td>authentication or authorization</td><td>500 internal_error, generic message: our configuration is wrong,
 *     the client cannot fix it, and the details belong in our log only</td></tr>
 * <tr><td>producer fenced, epoch invalid</td><td>503 kafka_unavailable + Retry-After: the producer is replaced</td></tr>
 * <tr><td>record or batch too large for the broker</td><td>413 body_too_large</td></tr>
 * <tr><td>serialization, invalid record</td><td>400 invalid_records</td></tr>
 * <tr><td>timeout, any retriable error, interruption</td><td>429 kafka_unavailable + Retry-After</td></tr>
 * <tr><td>anything else</td><td>500 internal_error</td></tr>
 * </table>
 */
final class KafkaFailures {
    private KafkaFailures() {}

    /** @param retryAfter what to tell clients to wait when Kafka is slow or away: about one producer timeout */
    static ApiError toApiError(Throwable failure, Duration retryAfter) {
        List<Throwable> chain = causes(failure);
        if (any(chain, AuthenticationException.class) || any(chain, AuthorizationException.class)) {
            return Errors.internal();
        }
        if (any(chain, ProducerFencedException.class) || any(chain, InvalidProducerEpochException.class)) {
            return ApiError.of(
                            503,
                            "kafka_unavailable",
                            "the batch was not accepted because our Kafka producer was" + " replaced; retry later")
                    .retryAfter(Duration.ofSeconds(1));
        }
        if (any(chain, RecordTooLargeException.class) || any(chain, RecordBatchTooLargeException.class)) {
            return ApiError.of(413, "body_too_large", "Kafka refused a record as too large; nothing was accepted");
        }
        if (any(chain, SerializationException.class) || any(chain, InvalidRecordException.class)) {
            return ApiError.of(400, "invalid_records", "Kafka refused a record as invalid; nothing was accepted");
        }
        if (any(chain, TimeoutException.class)
                || any(chain, RetriableException.class)
                || any(chain, java.util.concurrent.TimeoutException.class)
                || any(chain, InterruptException.class)
                || any(chain, InterruptedException.class)) {
            // A commit that timed out may still complete, so "not accepted" would be a guess. Re-sending is safe
            // either way: a record replaces any earlier one with the same identity.
            return ApiError.of(
                            429,
                            "kafka_unavailable",
                            "Kafka did not confirm the batch in time; retry after the"
                                    + " given delay (re-sending the same batch is safe)")
                    .retryAfter(retryAfter);
        }
        return Errors.internal();
    }

    /** Whether the producer that saw this failure can go on (abort and reuse) or must be closed and replaced. */
    static boolean producerIsBroken(Throwable failure) {
        List<Throwable> chain = causes(failure);
        return any(chain, ProducerFencedException.class)
                || any(chain, InvalidProducerEpochException.class)
                || any(chain, AuthenticationException.class)
                || any(chain, AuthorizationException.class);
    }

    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    private static boolean any(List<Throwable> chain, Class<? extends Throwable> type) {
        return chain.stream().anyMatch(type::isInstance);
    }
}
