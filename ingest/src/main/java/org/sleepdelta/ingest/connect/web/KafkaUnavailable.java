package org.sleepdelta.ingest.connect.web;

/** Kafka did not take or give what a connection route needed in time; the route answers 503 with Retry-After. */
public final class KafkaUnavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KafkaUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
