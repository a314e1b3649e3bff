package org.sleepdelta.ingest.vendor.jsonapi;

import java.time.DateTimeException;
import java.util.List;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.ingest.vendor.NormalisedSink;
import org.sleepdelta.ingest.vendor.Problem;
import org.sleepdelta.schemas.validation.ContractValidator;
import org.sleepdelta.schemas.validation.Violation;

/** Hands a record to the sink only when it passes the contract; otherwise one problem per violated rule. */
public final class RecordEmitter {
    private final NormalisedSink sink;

    public RecordEmitter(NormalisedSink sink) {
        this.sink = sink;
    }

    /** @return whether the record went to the sink */
    public boolean emit(String location, SleepRecord record) {
        List<Violation> violations = ContractValidator.validate(record);
        if (violations.isEmpty()) {
            sink.record(location, record);
            return true;
        }
        for (Violation violation : violations) {
            sink.problem(new Problem(location, violation.field(), violation.reason()));
        }
        return false;
    }

    /**
     * Maps and emits one item; whatever makes the item unusable becomes a problem at its location, so the other items
     * of the payload still go through.
     */
    public void item(String location, Runnable mapAndEmit) {
        try {
            mapAndEmit.run();
        } catch (BadItem bad) {
            problem(location, bad);
        } catch (DateTimeException | ArithmeticException e) {
            problem(location, null, "holds a time or duration outside the range a sleep record can have");
        }
    }

    public void problem(String location, BadItem bad) {
        sink.problem(new Problem(location, bad.field(), bad.reason()));
    }

    public void problem(String location, String field, String reason) {
        sink.problem(new Problem(location, field, reason));
    }
}
