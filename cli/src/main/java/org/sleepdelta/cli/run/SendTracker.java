package org.sleepdelta.cli.run;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Counts records handed to a producer and acknowledged by the broker, and keeps the first failure. */
public final class SendTracker implements Callback {
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    @Override
    public void onCompletion(RecordMetadata metadata, Exception exception) {
        if (exception != null) {
            failure.compareAndSet(null, exception);
        } else {
            acknowledged.incrementAndGet();
        }
    }

    /** Call once per send, before handing the record over. */
    public SendTracker counting() {
        sent.incrementAndGet();
        return this;
    }

    public long sent() {
        return sent.get();
    }

    public long acknowledged() {
        return acknowledged.get();
    }

    public void throwIfFailed() {
        if (failure.get() != null) {
            throw new IllegalStateException(
                    "the broker did not acknowledge every record: "
                            + failure.get().getMessage(),
                    failure.get());
        }
    }
}
