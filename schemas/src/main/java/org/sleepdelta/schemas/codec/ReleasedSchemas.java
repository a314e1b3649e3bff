package org.sleepdelta.schemas.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Every released version of a record's schema, kept as resources
 * {@code org/sleepdelta/schemas/released/<RecordName>/v<N>.avsc}, N = 1, 2, ... without gaps.
 * Decoders register them all, so messages written by any released producer stay readable.
 */
public final class ReleasedSchemas {
    private ReleasedSchemas() {}

    public static List<Schema> of(String recordName) {
        List<Schema> versions = new ArrayList<>();
        for (int version = 1; ; version++) {
            String resource = resourcePath(recordName, version);
            try (InputStream in = ReleasedSchemas.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    return versions;
                }
                versions.add(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read released schema " + resource, e);
            }
        }
    }

    public static String resourcePath(String recordName, int version) {
        return "org/sleepdelta/schemas/released/" + recordName + "/v" + version + ".avsc";
    }
}
