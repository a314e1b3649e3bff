package org.sleepdelta.ingest.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.sleepdelta.ingest.rules.RetentionWindow;
import org.sleepdelta.schemas.CanonicalRecord;
import org.sleepdelta.schemas.json.CanonicalJson;
import org.sleepdelta.schemas.json.Parsed;
import org.sleepdelta.schemas.validation.Violation;

/**
 * Judges a whole batch before anything is written, and refuses it as a whole: 403 when any record names another
 * clinic than the caller's (checked first, on the raw JSON, so even an otherwise broken record of another clinic is
 * refused as such), else 400 listing every problem of every record. A record older than the retention is not a
 * problem: it is set apart ({@link ValidBatch#outsideRetention()}), and does not stop the others.
 */
final class BatchValidator {
    private final IngestRules rules;

    BatchValidator(IngestRules rules) {
        this.rules = rules;
    }

    /** @return the batch's records, in order, when every one is valid (those outside the retention set apart) */
    ValidBatch validate(String clinicId, BatchParser.Result batch, RecordKind kind) {
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
        RetentionWindow.Cutoff cutoff = rules.retention().now();
        List<CanonicalRecord> records = new ArrayList<>();
        List<ValidBatch.OutsideRetention> outside = new ArrayList<>();
        for (BatchItem item : batch.items()) {
            Parsed<CanonicalRecord> parsed = kind.parse(item.node() == null ? NullNode.getInstance() : item.node());
            List<Violation> violations = parsed.isValid() ? rules.check(parsed.value()) : parsed.violations();
            if (violations.isEmpty()) {
                Optional<Violation> tooOld = cutoff.outside(parsed.value());
                if (tooOld.isPresent()) {
                    outside.add(new ValidBatch.OutsideRetention(
                            parsed.value(),
                            RecordProblem.at(item.index(), tooOld.get()),
                            item.line(),
                            item.location(),
                            item.bytesAsSent()));
                } else {
                    records.add(parsed.value());
                }
            } else {
                invalid.add(item.index());
                violations.forEach(v -> problems.add(RecordProblem.at(item.index(), v)));
            }
        }
        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparing(RecordProblem::index));
            throw Errors.invalidRecords(invalid.size(), batch.total(), problems).exception();
        }
        return new ValidBatch(records, outside, cutoff.earliestNight());
    }

    /**
     * For records that did not come from JSON (a vendor adapter's output): the same checks, with the index of a
     * problem being the position in that output. A record outside the retention is listed by its location in the
     * payload when the adapter gave one, else by that position.
     *
     * @param locations each record's location in the payload (or null), in the order of {@code records}
     */
    ValidBatch validateRecords(String clinicId, List<CanonicalRecord> records, List<String> locations) {
        if (locations.size() != records.size()) {
            throw new IllegalArgumentException("one location per record");
        }
        RetentionWindow.Cutoff cutoff = rules.retention().now();
        List<RecordProblem> otherClinic = new ArrayList<>();
        List<RecordProblem> problems = new ArrayList<>();
        Set<Long> invalid = new HashSet<>();
        List<CanonicalRecord> valid = new ArrayList<>();
        List<ValidBatch.OutsideRetention> outside = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            CanonicalRecord record = records.get(i);
            if (!clinicId.equals(record.clinicId())) {
                otherClinic.add(RecordProblem.at(i, "clinicId", notYourClinic()));
                continue;
            }
            List<Violation> violations = record.contractViolations();
            if (violations.isEmpty()) {
                violations = rules.check(record);
            }
            for (Violation v : violations) {
                invalid.add((long) i);
                problems.add(RecordProblem.at(i, v));
            }
            if (!violations.isEmpty()) {
                continue;
            }
            Optional<Violation> tooOld = cutoff.outside(record);
            if (tooOld.isPresent()) {
                String location = locations.get(i);
                RecordProblem problem = location == null
                        ? RecordProblem.at(i, tooOld.get())
                        : new RecordProblem(
                                null,
                                location,
                                tooOld.get().field(),
                                tooOld.get().reason());
                outside.add(new ValidBatch.OutsideRetention(
                        record,
                        problem,
                        null,
                        location,
                        CanonicalJson.line(record.toJson()).getBytes(StandardCharsets.UTF_8)));
            } else {
                valid.add(record);
            }
        }
        if (!otherClinic.isEmpty()) {
            throw Errors.forbiddenClinic(otherClinic).exception();
        }
        if (!problems.isEmpty()) {
            throw Errors.invalidRecords(invalid.size(), records.size(), problems)
                    .exception();
        }
        return new ValidBatch(valid, outside, cutoff.earliestNight());
    }

    private static String notYourClinic() {
        return "names another clinic than the one this API key writes for";
    }
}
