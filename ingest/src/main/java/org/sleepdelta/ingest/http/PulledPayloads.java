package org.sleepdelta.ingest.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.sleepdelta.avro.Rejection;
import org.sleepdelta.avro.RejectionReason;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.ingest.kafka.Rejections;
import org.sleepdelta.ingest.rules.RetentionWindow;
import org.sleepdelta.ingest.vendor.AdapterContext;
import org.sleepdelta.ingest.vendor.NormalisedSink;
import org.sleepdelta.ingest.vendor.PayloadException;
import org.sleepdelta.ingest.vendor.Problem;
import org.sleepdelta.ingest.vendor.Vendor;
import org.sleepdelta.ingest.vendor.VendorAdapter;
import org.sleepdelta.schemas.CanonicalRecord;
import org.sleepdelta.schemas.ClientKey;
import org.sleepdelta.schemas.json.CanonicalJson;
import org.sleepdelta.schemas.kafka.CanonicalRecords;
import org.sleepdelta.schemas.validation.Violation;

/**
 * A page pulled from a vendor's API, turned into the Kafka records an upload of the same payload to {@code POST
 * /v1/wearables/{vendor}/sleep} gives: the same adapter, the same contract and ingest rules, the same record layout,
 * so a pulled night is byte-for-byte the uploaded one.
 *
 * <p>Unlike an upload, a pulled page cannot be refused: nobody is there to fix and resend it, and refusing it would
 * stop the connection for good. So nothing is lost either way: an item the adapter could not read, a record breaking a
 * rule, a record older than the retention, and a page that cannot be read at all go to the rejection topic with the
 * reason and the origin {@code connection:<vendor>}; the valid records go to the input topics. The records are
 * returned unsealed: the caller seals them under the client's data key in its transaction, as uploads are.
 */
public final class PulledPayloads {
    private final VendorAdapterLookup adapters;
    private final IngestRules rules;
    private final CanonicalRecords topics;
    private final Clock clock;

    public PulledPayloads(
            VendorAdapterLookup adapters,
            CanonicalRecords topics,
            Clock clock,
            int retentionDays,
            Duration futureTolerance) {
        this.adapters = adapters;
        this.rules = new IngestRules(clock, retentionDays, futureTolerance);
        this.topics = topics;
        this.clock = clock;
    }

    /**
     * What a page gives.
     *
     * @param records  the records to write, valid ones first, then rejections
     * @param accepted how many records go to the input topics
     * @param tooLate  how many records are older than the retention (rejected as TOO_LATE, not an error)
     * @param invalid  how many items or records are invalid (or 1 for a page that cannot be read at all)
     * @param readable false when the page as a whole could not be read (one rejection holds it)
     */
    public record Pulled(
            List<ProducerRecord<String, byte[]>> records, int accepted, int tooLate, int invalid, boolean readable) {
        public Pulled {
            records = List.copyOf(records);
        }
    }

    /**
     * The records of one pulled page.
     *
     * @param adapterVendor the adapter's path name ({@link org.sleepdelta.ingest.connect.SleepPage#adapterVendor})
     * @param vendor        the connection's vendor, for the origin {@code connection:<vendor>}
     * @param timezone      the user's zone when known, as {@code ?timezone=} of an upload; null otherwise
     */
    public Pulled read(
            byte[] payload, String adapterVendor, String vendor, String clinicId, String clientId, ZoneId timezone) {
        String origin = origin(vendor);
        String key = new ClientKey(clinicId, clientId).toString();
        long ingestedAt = clock.millis();
        Optional<VendorAdapter> adapter = Vendor.byPathName(adapterVendor).flatMap(adapters::find);
        if (adapter.isEmpty()) {
            return unreadable(payload, key, origin, ingestedAt, "no adapter reads payloads of " + adapterVendor);
        }
        Collecting sink = new Collecting();
        try (InputStream in = new ByteArrayInputStream(payload)) {
            adapter.get().normalise(in, new AdapterContext(clinicId, clientId, timezone), sink);
        } catch (PayloadException | IOException e) {
            // The adapter's message says what is wrong with the payload's shape, never its values.
            return unreadable(
                    payload,
                    key,
                    origin,
                    ingestedAt,
                    "the payload cannot be read as " + adapterVendor + " sleep data: " + e.getMessage());
        }
        List<ProducerRecord<String, byte[]>> valid = new ArrayList<>();
        List<ProducerRecord<String, byte[]>> rejections = new ArrayList<>();
        int tooLate = 0;
        RetentionWindow.Cutoff cutoff = rules.retention().now();
        for (int i = 0; i < sink.records.size(); i++) {
            CanonicalRecord record = sink.records.get(i);
            String location = sink.locations.get(i) == null ? "[" + i + "]" : sink.locations.get(i);
            List<Violation> violations = new ArrayList<>();
            if (!clinicId.equals(record.clinicId())
                    || !clientId.equals(record.clientKey().clientId())) {
                violations.add(new Violation("clinicId", "names another client than the connection's"));
            } else {
                violations.addAll(record.contractViolations());
                if (violations.isEmpty()) {
                    violations.addAll(rules.check(record));
                }
            }
            if (!violations.isEmpty()) {
                RejectionReason reason =
                        violations.stream().allMatch(v -> v.reason().contains("in the future"))
                                ? RejectionReason.IN_FUTURE
                                : RejectionReason.INVALID;
                rejections.add(rejection(reason, at(location, violations), origin, key, canonical(record), ingestedAt));
                continue;
            }
            Optional<Violation> tooOld = cutoff.outside(record);
            if (tooOld.isPresent()) {
                tooLate++;
                rejections.add(rejection(
                        RejectionReason.TOO_LATE,
                        List.of(Rejections.at(location, tooOld.get())),
                        origin,
                        key,
                        canonical(record),
                        ingestedAt));
            } else {
                valid.add(topics.producerRecord(record, ingestedAt, null));
            }
        }
        for (List<Problem> item : sink.problemsByItem) {
            List<Violation> violations = item.stream()
                    .map(p -> new Violation(
                            p.location() == null ? p.field() : p.location() + "." + p.field(), p.reason()))
                    .toList();
            rejections.add(rejection(RejectionReason.INVALID, violations, origin, key, null, ingestedAt));
        }
        List<ProducerRecord<String, byte[]>> all = new ArrayList<>(valid);
        all.addAll(rejections);
        return new Pulled(all, valid.size(), tooLate, rejections.size() - tooLate, true);
    }

    /** The origin a pulled record's rejection names: {@code connection:<vendor>}. */
    public static String origin(String vendor) {
        return "connection:" + vendor;
    }

    private Pulled unreadable(byte[] payload, String key, String origin, long ingestedAt, String why) {
        ProducerRecord<String, byte[]> rejection = rejection(
                RejectionReason.UNDECODABLE, List.of(new Violation(null, why)), origin, key, payload, ingestedAt);
        return new Pulled(List.of(rejection), 0, 0, 1, false);
    }

    private static List<Violation> at(String location, List<Violation> violations) {
        return violations.stream().map(v -> Rejections.at(location, v)).toList();
    }

    private static byte[] canonical(CanonicalRecord record) {
        return CanonicalJson.line(record.toJson()).getBytes(StandardCharsets.UTF_8);
    }

    private ProducerRecord<String, byte[]> rejection(
            RejectionReason reason,
            List<Violation> violations,
            String origin,
            String key,
            byte[] payload,
            long ingestedAt) {
        Rejections.CappedPayload capped = payload == null
                ? new Rejections.CappedPayload(null, null)
                : Rejections.capped(payload, new String(payload, StandardCharsets.UTF_8));
        Rejection rejection =
                Rejections.of(reason, violations, origin, null, key, capped.bytes(), Instant.ofEpochMilli(ingestedAt));
        if (capped.note() != null) {
            rejection.setDetail(rejection.getDetail() + "; " + capped.note());
        }
        return topics.rejection(rejection, key, ingestedAt);
    }

    /** Every record the adapter made, with its location, and its problems grouped by item. */
    private static final class Collecting implements NormalisedSink {
        final List<CanonicalRecord> records = new ArrayList<>();
        final List<String> locations = new ArrayList<>();
        final List<List<Problem>> problemsByItem = new ArrayList<>();
        private String lastProblemLocation;

        @Override
        public void record(SleepRecord record) {
            record(null, record);
        }

        @Override
        public void record(String location, SleepRecord record) {
            records.add(CanonicalRecord.of(record));
            locations.add(location);
        }

        @Override
        public void problem(Problem problem) {
            // Adapters report an item's problems one after the other, so a new location is a new item.
            if (problemsByItem.isEmpty() || !java.util.Objects.equals(problem.location(), lastProblemLocation)) {
                problemsByItem.add(new ArrayList<>());
            }
            lastProblemLocation = problem.location();
            problemsByItem.get(problemsByItem.size() - 1).add(problem);
        }
    }
}
