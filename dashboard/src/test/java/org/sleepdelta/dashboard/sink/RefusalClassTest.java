package org.sleepdelta.dashboard.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which database failures the sink gives up on for the rows concerned, and which it retries without end. */
class RefusalClassTest {

    @ParameterizedTest
    @ValueSource(strings = {"08006", "08001", "40001", "40P01", "57P01", "53300", "P0001", "42P01", "XX000"})
    void failuresThatMayPassAreNotRefusals(String sqlState) {
        assertThat(RefusalClass.of(new SQLException("x", sqlState))).isNull();
    }

    @Test
    void failuresWithoutSqlStateAreNotRefusals() {
        assertThat(RefusalClass.of(new SQLTransientConnectionException("gone"))).isNull();
        assertThat(RefusalClass.of(new IllegalStateException("no SQL at all"))).isNull();
    }

    @Test
    void dataExceptionsAndConstraintViolationsAreRefusalsForGood() {
        assertThat(RefusalClass.of(new SQLException("x", "22003"))).isEqualTo(RefusalClass.DATA_EXCEPTION);
        assertThat(RefusalClass.of(new SQLException("x", "22P05"))).isEqualTo(RefusalClass.DATA_EXCEPTION);
        assertThat(RefusalClass.of(new SQLException("x", "23505"))).isEqualTo(RefusalClass.INTEGRITY_CONSTRAINT);
        assertThat(RefusalClass.of(new SQLException("x", "23514"))).isEqualTo(RefusalClass.INTEGRITY_CONSTRAINT);
    }

    @Test
    void aBatchFailureIsJudgedByTheErrorInsideIt() {
        BatchUpdateException batch = new BatchUpdateException("batch entry 3 failed", new int[0]);
        batch.setNextException(new SQLException("violates check constraint", "23514"));

        assertThat(RefusalClass.of(batch)).isEqualTo(RefusalClass.INTEGRITY_CONSTRAINT);
        assertThat(RefusalClass.of(new RuntimeException(batch))).isEqualTo(RefusalClass.INTEGRITY_CONSTRAINT);
    }

    @Test
    void theDescriptionNeverQuotesTheMessage() {
        String description =
                RefusalClass.describe(new SQLException("invalid input syntax for type date: \"secret\"", "22007"));

        assertThat(description)
                .isEqualTo("refused by PostgreSQL for good: SQLState 22007")
                .doesNotContain("secret");
    }
}
