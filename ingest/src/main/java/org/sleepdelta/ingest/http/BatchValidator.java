package org.sleepdelta.ingest.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.sleepdelta.schemas.json.Parsed;
import org.sleepdelta.schemas.validation.Violation;

/**
 * Judges a whole batch before anything is written, and refuses it as a whole: 403 when any record names another
 * clinic than the caller's (checked first, on the raw JSON, so even an otherwise broken record of another clinic is
 * refused as such), else 400 listing every problem of every record.
 */
final class BatchValidator {
    private final IngestRules rules;

    BatchValidator(IngestRules rules) {
        this.rules = rules;
    }

    /** @return the batch's records, in order, when every one is valid */
    <T> List<T> validate(String clinicId, BatchParser.Result batch, RecordKind<T> kind) {
        List<RecordProblem> otherClinic = new ArrayList<>();
        for (BatchItem item : batch.items()) {
            JsonNode named = item.node() == null ? null : item.node().get("clinicId");
            if (named != null && named.isTextual() && !named.textValue().equals(clinicId)) {
                otherClinic.add(RecordProblem.at(item.index(), "clinicId", notYourClinic()));
            }
        }
        if (!otherClinic.isEmpty()) {
            throw Errors.forbiddenClinic(otherClinic).exception();
        }
        List<RecordProblem> problems = new ArrayList<>(batch.problems());
        Set<Long> invalid = new HashSet<>();
        batch.problems().forEach(p -> invalid.add(p.index()));
        List<T> records = new ArrayList<>();
        for (BatchItem item : batch.items()) {
            Parsed<T> parsed = kind.parse(item.node() == null ? NullNode.getInstance() : item.node());
            List<Violation> violations = parsed.isValid() ? kind.ingestRules(parsed.value(), rules) : parsed.violations();
            if (violations.isEmpty()) {
                records.add(parsed.value());
            } else {
                invalid.add(item.index());
                violations.forEach(v -> problems.add(RecordProblem.at(item.index(), v)));
            }
        }
        if (!problems.isEmpty()) {
            problems.sort(java.util.Comparator.comparing(RecordProblem::index));
            throw Errors.invalidRecords(invalid.size(), batch.total(), problems).exception();
        }
        return records;
    }

    /**
     * For records that did not come from JSON (a vendor adapter's output): the same checks, with the index being the
     * position in that output.
     */
    <T> void validateRecords(String clinicId, List<T> records, RecordKind<T> kind) {
        List<RecordProblem> otherClinic = new ArrayList<>();
        List<RecordProblem> problems = new ArrayList<>();
        Set<Long> invalid = new HashSet<>();
        for (int i = 0; i < records.size(); i++) {
            T record = records.get(i);
            if (!clinicId.equals(kind.clinicId(record))) {
                otherClinic.add(RecordProblem.at(i, "clinicId", notYourClinic()));
                continue;
            }
            List<Violation> violations = kind.contract(record);
            if (violations.isEmpty()) {
                violations = kind.ingestRules(record, rules);
            }
            for (Violation v : violations) {
                invalid.add((long) i);
                problems.add(RecordProblem.at(i, v));
            }
        }
        if (!otherClinic.isEmpty()) {
            throw Errors.forbiddenClinic(otherClinic).exception();
        }
        if (!problems.isEmpty()) {
            throw Errors.invalidRecords(invalid.size(), records.size(), problems).exception();
        }
    }

    private static String notYourClinic() {
        return "names another clinic than the one this API key writes for";
    }
}
