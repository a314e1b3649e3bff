package org.sleepdelta.ingest.vendor;

import java.io.IOException;
import java.io.InputStream;

/**
 * Turns one vendor payload, exactly as the vendor's API or export returns it, into canonical sleep records for one
 * client. Faithful: naps stay naps, WASO follows the vendor's own definition, re-scoring maps to a replace or delete
 * of the same deterministic {@code sourceRecordId}, so re-sending a payload is idempotent. Streams its output, so
 * payloads of any size work in bounded memory.
 */
public interface VendorAdapter {
    Vendor vendor();

    /**
     * @throws PayloadException when the payload as a whole cannot be read; item-level problems go to the sink instead
     */
    void normalise(InputStream payload, AdapterContext context, NormalisedSink sink)
            throws IOException, PayloadException;
}
