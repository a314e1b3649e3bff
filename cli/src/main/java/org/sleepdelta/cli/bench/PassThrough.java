package org.sleepdelta.cli.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.sleepdelta.schemas.Topics;

/**
 * The ceiling for any Kafka Streams application here: source → sink of the same bytes for both input topics,
 * exactly-once v2, the app's commit interval and compression, no state. What the real app adds on top is its own.
 */
final class PassThrough implements AutoCloseable {
    static final String SLEEP_COPY = Topics.SLEEP_RECORDS + "-bench-copy";
    static final String SESSIONS_COPY = Topics.MASSAGE_SESSIONS + "-bench-copy";

    private final KafkaStreams streams;

    private PassThrough(KafkaStreams streams) {
        this.streams = streams;
    }

    /** The copies' topics, created with the inputs when a phase resets the broker. */
    static NewTopic[] copyTopics() {
        return new NewTopic[] {
            new NewTopic(SLEEP_COPY, BenchBroker.PARTITIONS, (short) 1),
            new NewTopic(SESSIONS_COPY, BenchBroker.PARTITIONS, (short) 1)
        };
    }

    /** Starts it and returns once it is RUNNING, with nothing processed before. */
    static PassThrough start(String bootstrap, String applicationId, Path stateDir, int threads)
            throws InterruptedException {
        StreamsBuilder builder = new StreamsBuilder();
        for (List<String> route :
                List.of(List.of(Topics.SLEEP_RECORDS, SLEEP_COPY), List.of(Topics.MASSAGE_SESSIONS, SESSIONS_COPY))) {
            builder.stream(route.get(0), Consumed.with(Serdes.String(), Serdes.ByteArray()))
                    .to(route.get(1), Produced.with(Serdes.String(), Serdes.ByteArray()));
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, AppRuns.COMMIT_INTERVAL.toMillis());
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"); // as SleepChangeApp
        KafkaStreams streams = new KafkaStreams(builder.build(), props);
        CountDownLatch running = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
        });
        // Paused until RUNNING: a thread that gets its tasks before the others would otherwise copy records before
        // the clock starts, and a small input could be done before anything is timed.
        streams.pause();
        streams.start();
        if (!running.await(BenchContext.STARTUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            streams.close(Duration.ofSeconds(30));
            throw new IllegalStateException(
                    "pass-through did not reach RUNNING within " + BenchContext.STARTUP_TIMEOUT);
        }
        streams.resume();
        return new PassThrough(streams);
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }
}
