package org.sleepdelta.ingest.vendor.support;

import java.util.List;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.ingest.vendor.NormalisedSink;
import org.sleepdelta.ingest.vendor.Problem;
import org.sleepdelta.schemas.validation.ContractValidator;
import org.sleepdelta.schemas.validation.Violation;

/**
 * The last step of every adapter: a record that passes {@link ContractValidator} goes to the sink, one that does not
 * becomes one problem per violation at the item's location. Violation reasons name the rule, never the value.
 */
public final class ValidatingEmitter {
    private final NormalisedSink sink;

    public ValidatingEmitter(NormalisedSink sink) {
        this.sink = sink;
    }

    /** @return whether the record passed and was emitted */
    public boolean emit(String location, SleepRecord record) {
        List<Violation> violations = ContractValidator.validate(record);
        if (violations.isEmpty()) {
            sink.record(location, record);
            return true;
        }
        for (Violation v : violations) {
            sink.problem(new Problem(location, v.field(), v.reason()));
        }
        return false;
    }

    public void problem(String location, String field, String reason) {
        sink.problem(new Problem(location, field, reason));
    }
}
