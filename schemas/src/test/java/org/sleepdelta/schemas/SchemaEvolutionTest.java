package org.sleepdelta.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.NightlySleep;
import org.sleepdelta.avro.Rejection;
import org.sleepdelta.avro.SleepChangeMetric;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.schemas.codec.ReleasedSchemas;

/**
 * The contract stays readable both ways: the current schema of every topic value reads every released
 * version (backward) and every released reader reads the current version (forward). A schema change
 * must be released as a new vN.avsc, so that producers and consumers can be upgraded in any order.
 */
class SchemaEvolutionTest {

    static Stream<Schema> currentSchemas() {
        return Stream.of(
                SleepRecord.getClassSchema(),
                MassageSession.getClassSchema(),
                SleepChangeMetric.getClassSchema(),
                Rejection.getClassSchema(),
                NightlySleep.getClassSchema());
    }

    @ParameterizedTest
    @MethodSource("currentSchemas")
    void currentSchemaIsAReleasedVersion(Schema current) {
        List<Long> released = ReleasedSchemas.of(current.getName()).stream()
                .map(SchemaNormalization::parsingFingerprint64)
                .toList();
        assertThat(released)
                .as(
                        "%s changed: copy it to %s and keep every earlier version",
                        current.getName(), ReleasedSchemas.resourcePath(current.getName(), released.size() + 1))
                .contains(SchemaNormalization.parsingFingerprint64(current));
    }

    @ParameterizedTest
    @MethodSource("currentSchemas")
    void currentSchemaReadsAndIsReadByEveryReleasedVersion(Schema current) {
        List<Schema> released = ReleasedSchemas.of(current.getName());
        assertThat(released).isNotEmpty();
        for (Schema old : released) {
            assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, old)
                            .getType())
                    .as("current %s reads released writer", current.getName())
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
            assertThat(SchemaCompatibility.checkReaderWriterCompatibility(old, current)
                            .getType())
                    .as("released %s reader reads current writer", current.getName())
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        }
    }

    @ParameterizedTest
    @MethodSource("currentSchemas")
    void everyRecordFieldAndEnumIsDocumentedAndEnumSymbolsAreUpperSnake(Schema current) {
        List<String> problems = new ArrayList<>();
        collectStyleProblems(current, problems, new ArrayList<>());
        assertThat(problems).isEmpty();
    }

    private static void collectStyleProblems(Schema schema, List<String> problems, List<String> seen) {
        switch (schema.getType()) {
            case RECORD -> {
                if (seen.contains(schema.getFullName())) {
                    return;
                }
                seen.add(schema.getFullName());
                if (schema.getDoc() == null || schema.getDoc().isBlank()) {
                    problems.add(schema.getName() + " has no doc");
                }
                for (Schema.Field field : schema.getFields()) {
                    if (field.doc() == null || field.doc().isBlank()) {
                        problems.add(schema.getName() + "." + field.name() + " has no doc");
                    }
                    collectStyleProblems(field.schema(), problems, seen);
                }
            }
            case ENUM -> {
                if (schema.getDoc() == null || schema.getDoc().isBlank()) {
                    problems.add(schema.getName() + " has no doc");
                }
                schema.getEnumSymbols().stream()
                        .filter(s -> !s.matches("[A-Z][A-Z0-9]*(_[A-Z0-9]+)*"))
                        .forEach(s -> problems.add(schema.getName() + "." + s + " is not UPPER_SNAKE"));
            }
            case UNION -> schema.getTypes().forEach(t -> collectStyleProblems(t, problems, seen));
            case ARRAY -> collectStyleProblems(schema.getElementType(), problems, seen);
            case MAP -> collectStyleProblems(schema.getValueType(), problems, seen);
            default -> {}
        }
    }
}
