package org.sleepdelta.ingest.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.ingest.kafka.CanonicalRecords;
import org.sleepdelta.ingest.rules.RetentionWindow;
import org.sleepdelta.schemas.ClientKey;
import org.sleepdelta.schemas.json.CanonicalJson;
import org.sleepdelta.schemas.json.Parsed;
import org.sleepdelta.schemas.validation.ContractValidator;
import org.sleepdelta.schemas.validation.Violation;

/** What the batch pipeline needs to know about one canonical record type. */
interface RecordKind<T> {
    /** Strict canonical JSON, with every contract rule ({@code CanonicalJson}). */
    Parsed<T> parse(JsonNode node);

    /** The contract's rules, for records that did not come from JSON (vendor adapters' output). */
    List<Violation> contract(T record);

    /** What makes the record invalid beyond the contract ({@link IngestRules#check}). */
    List<Violation> ingestRules(T record, IngestRules rules);

    /** Why the record is older than the retention, or empty when it is inside the window. */
    Optional<Violation> outsideRetention(T record, RetentionWindow.Cutoff cutoff);

    String clinicId(T record);

    /** The Kafka key of the record ({@code clinicId/clientId}). */
    String key(T record);

    ObjectNode toJson(T record);

    ProducerRecord<String, byte[]> toKafka(T record, long ingestedAtMillis, CanonicalRecords records);

    RecordKind<SleepRecord> SLEEP = new RecordKind<>() {
        @Override
        public Parsed<SleepRecord> parse(JsonNode node) {
            return CanonicalJson.sleepRecord(node);
        }

        @Override
        public List<Violation> contract(SleepRecord record) {
            return ContractValidator.validate(record);
        }

        @Override
        public List<Violation> ingestRules(SleepRecord record, IngestRules rules) {
            return rules.check(record);
        }

        @Override
        public Optional<Violation> outsideRetention(SleepRecord record, RetentionWindow.Cutoff cutoff) {
            return cutoff.outside(record);
        }

        @Override
        public String key(SleepRecord record) {
            return new ClientKey(record.getClinicId(), record.getClientId()).toString();
        }

        @Override
        public String clinicId(SleepRecord record) {
            return record.getClinicId();
        }

        @Override
        public ObjectNode toJson(SleepRecord record) {
            return CanonicalJson.toJson(record);
        }

        @Override
        public ProducerRecord<String, byte[]> toKafka(
                SleepRecord record, long ingestedAtMillis, CanonicalRecords records) {
            return records.sleep(record, ingestedAtMillis, null);
        }
    };

    RecordKind<MassageSession> SESSION = new RecordKind<>() {
        @Override
        public Parsed<MassageSession> parse(JsonNode node) {
            return CanonicalJson.massageSession(node);
        }

        @Override
        public List<Violation> contract(MassageSession record) {
            return ContractValidator.validate(record);
        }

        @Override
        public List<Violation> ingestRules(MassageSession record, IngestRules rules) {
            return rules.check(record);
        }

        @Override
        public Optional<Violation> outsideRetention(MassageSession record, RetentionWindow.Cutoff cutoff) {
            return cutoff.outside(record);
        }

        @Override
        public String key(MassageSession record) {
            return new ClientKey(record.getClinicId(), record.getClientId()).toString();
        }

        @Override
        public String clinicId(MassageSession record) {
            return record.getClinicId();
        }

        @Override
        public ObjectNode toJson(MassageSession record) {
            return CanonicalJson.toJson(record);
        }

        @Override
        public ProducerRecord<String, byte[]> toKafka(
                MassageSession record, long ingestedAtMillis, CanonicalRecords records) {
            return records.session(record, ingestedAtMillis, null);
        }
    };
}
