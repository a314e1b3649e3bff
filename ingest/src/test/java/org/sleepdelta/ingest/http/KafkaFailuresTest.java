package org.sleepdelta.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.junit.jupiter.api.Test;

class KafkaFailuresTest {
    private static final Duration RETRY = Duration.ofSeconds(5);

    @Test
    void timeoutEvenWhenWrappedIsA429WithRetryAfter() {
        // when
        ApiError error = KafkaFailures.toApiError(
                new KafkaException("Cannot execute transactional method", new TimeoutException("awaiting EndTxn")),
                RETRY);

        // then
        assertThat(error.status()).isEqualTo(429);
        assertThat(error.error()).isEqualTo("kafka_unavailable");
        assertThat(error.retryAfterHeader()).isEqualTo("5");
        assertThat(KafkaFailures.producerIsBroken(new TimeoutException("x"))).isFalse();
    }

    @Test
    void retriableBrokerErrorsAndJavaTimeoutsAre429() {
        assertThat(KafkaFailures.toApiError(new NotEnoughReplicasException("x"), RETRY)
                        .status())
                .isEqualTo(429);
        assertThat(KafkaFailures.toApiError(new ExecutionException(new java.util.concurrent.TimeoutException()), RETRY)
                        .status())
                .isEqualTo(429);
    }

    @Test
    void authorizationAndAuthenticationAre500WithAGenericMessageAndBreakTheProducer() {
        for (Exception e : new Exception[] {
            new TopicAuthorizationException("topic sleep-records"),
            new TransactionalIdAuthorizationException("id"),
            new SaslAuthenticationException("sasl")
        }) {
            // when
            ApiError error = KafkaFailures.toApiError(new KafkaException(e), RETRY);

            // then
            assertThat(error.status()).isEqualTo(500);
            assertThat(error.error()).isEqualTo("internal_error");
            assertThat(error.message()).isEqualTo("the request failed on our side");
            assertThat(error.retryAfter()).isNull();
            assertThat(KafkaFailures.producerIsBroken(e)).isTrue();
        }
    }

    @Test
    void fencedProducerIs503AndBreaksTheProducer() {
        // when
        ApiError error = KafkaFailures.toApiError(new ProducerFencedException("fenced"), RETRY);

        // then
        assertThat(error.status()).isEqualTo(503);
        assertThat(error.retryAfterHeader()).isEqualTo("1");
        assertThat(KafkaFailures.producerIsBroken(new KafkaException(new ProducerFencedException("fenced"))))
                .isTrue();
    }

    @Test
    void recordsKafkaRefusesAreClientErrors() {
        assertThat(KafkaFailures.toApiError(new RecordTooLargeException("big"), RETRY)
                        .status())
                .isEqualTo(413);
        assertThat(KafkaFailures.toApiError(new SerializationException("bad"), RETRY)
                        .status())
                .isEqualTo(400);
    }

    @Test
    void anythingElseIsAnInternalError() {
        assertThat(KafkaFailures.toApiError(new KafkaException("?"), RETRY).status())
                .isEqualTo(500);
        assertThat(KafkaFailures.toApiError(new IllegalStateException("?"), RETRY)
                        .status())
                .isEqualTo(500);
    }

    @Test
    void mostSeriousCauseWins() {
        // given a timeout caused by an authorization failure
        TimeoutException timeout = new TimeoutException("x");
        timeout.initCause(new TopicAuthorizationException("y"));

        // then
        assertThat(KafkaFailures.toApiError(timeout, RETRY).status()).isEqualTo(500);
    }
}
