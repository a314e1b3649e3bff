package org.sleepdelta.schemas;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.schemas.codec.Codecs;
import org.sleepdelta.schemas.json.CanonicalJson;
import org.sleepdelta.schemas.validation.ContractValidator;
import org.sleepdelta.schemas.validation.Violation;

/**
 * One canonical input record: a {@link SleepRecord} or a {@link MassageSession}, with what every path in and every
 * consumer asks of either (whose client it is, when it happened, its contract, its JSON and Avro forms). Sealed, so
 * code that must tell the two apart ({@link #fold}) is checked by the compiler to handle both.
 */
public sealed interface CanonicalRecord permits CanonicalRecord.Sleep, CanonicalRecord.Session {

    static CanonicalRecord of(SleepRecord record) {
        return new Sleep(record);
    }

    static CanonicalRecord of(MassageSession session) {
        return new Session(session);
    }

    String clinicId();

    String clientId();

    /** The Kafka key of both input topics ({@code clinicId/clientId}). */
    default ClientKey clientKey() {
        return new ClientKey(clinicId(), clientId());
    }

    /** When it happened: the end of a sleep, the start of a session; empty when it has no dates (a deletion). */
    Optional<Instant> eventTime();

    /** Every way it breaks the contract ({@link ContractValidator}); empty when valid. */
    List<Violation> contractViolations();

    /** Its canonical JSON ({@link CanonicalJson}). */
    ObjectNode toJson();

    /** Its Avro single-object encoding, as the input topics carry it ({@link Codecs}). */
    byte[] encode();

    /**
     * The one place that tells the two kinds apart, with both cases required (Java 17 has no pattern switch).
     *
     * @return what {@code sleep} or {@code session} made of the record
     */
    <R> R fold(Function<SleepRecord, R> sleep, Function<MassageSession, R> session);

    /** A sleep period reported by a wearable, or the withdrawal of one. */
    record Sleep(SleepRecord record) implements CanonicalRecord {
        public Sleep {
            Objects.requireNonNull(record, "record");
        }

        @Override
        public String clinicId() {
            return record.getClinicId();
        }

        @Override
        public String clientId() {
            return record.getClientId();
        }

        @Override
        public Optional<Instant> eventTime() {
            return Optional.ofNullable(record.getSleepEnd());
        }

        @Override
        public List<Violation> contractViolations() {
            return ContractValidator.validate(record);
        }

        @Override
        public ObjectNode toJson() {
            return CanonicalJson.toJson(record);
        }

        @Override
        public byte[] encode() {
            return Codecs.sleepRecord().encode(record);
        }

        @Override
        public <R> R fold(Function<SleepRecord, R> sleep, Function<MassageSession, R> session) {
            return sleep.apply(record);
        }
    }

    /** A massage session as the clinic's booking system knows it. */
    record Session(MassageSession session) implements CanonicalRecord {
        public Session {
            Objects.requireNonNull(session, "session");
        }

        @Override
        public String clinicId() {
            return session.getClinicId();
        }

        @Override
        public String clientId() {
            return session.getClientId();
        }

        @Override
        public Optional<Instant> eventTime() {
            return Optional.ofNullable(session.getStart());
        }

        @Override
        public List<Violation> contractViolations() {
            return ContractValidator.validate(session);
        }

        @Override
        public ObjectNode toJson() {
            return CanonicalJson.toJson(session);
        }

        @Override
        public byte[] encode() {
            return Codecs.massageSession().encode(session);
        }

        @Override
        public <R> R fold(Function<SleepRecord, R> sleep, Function<MassageSession, R> session) {
            return session.apply(this.session);
        }
    }
}
