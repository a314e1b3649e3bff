package org.sleepdelta.schemas.codec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.util.RandomData;
import org.sleepdelta.schemas.SampleRecords;

/**
 * Writes the seed corpus of {@link SingleObjectCodecFuzzTest}: the sample records of the current schemas, and two
 * random records of every released version of every schema (older writers included), in single-object encoding.
 * Run once when a schema version is released (docs/testing.md#fuzzing); the seeds are committed.
 */
public final class SingleObjectCodecSeeds {
    private SingleObjectCodecSeeds() {}

    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        Files.write(
                dir.resolve("sleep-record.bin"),
                Codecs.sleepRecord().encode(SampleRecords.night().build()));
        Files.write(
                dir.resolve("sleep-record-deletion.bin"),
                Codecs.sleepRecord().encode(SampleRecords.deletionOfNight().build()));
        Files.write(
                dir.resolve("massage-session.bin"),
                Codecs.massageSession().encode(SampleRecords.session().build()));
        for (String name : List.of("SleepRecord", "MassageSession", "SleepChangeMetric", "Rejection", "NightlySleep")) {
            List<Schema> versions = ReleasedSchemas.of(name);
            for (int v = 0; v < versions.size(); v++) {
                Schema schema = versions.get(v);
                BinaryMessageEncoder<Object> encoder = new BinaryMessageEncoder<>(GenericData.get(), schema);
                int i = 0;
                for (Object random : new RandomData(schema, 2, 42L + v)) {
                    ByteBuffer message = encoder.encode(random);
                    byte[] bytes = new byte[message.remaining()];
                    message.get(bytes);
                    Files.write(dir.resolve("random-" + name + "-v" + (v + 1) + "-" + i++ + ".bin"), bytes);
                }
            }
        }
    }
}
