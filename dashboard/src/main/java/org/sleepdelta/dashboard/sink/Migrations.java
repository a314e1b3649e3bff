package org.sleepdelta.dashboard.sink;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Brings the database to the newest schema (Flyway, {@code classpath:db/migration}); a no-op when it is there. */
final class Migrations {
    private static final Logger log = LoggerFactory.getLogger(Migrations.class);
    static final String LOCATION = "classpath:db/migration";

    private Migrations() {}

    /** @return the number of migrations applied now */
    static int run(String url, String user, String password) {
        MigrateResult result = Flyway.configure()
                .dataSource(url, user, password)
                .locations(LOCATION)
                .failOnMissingLocations(true)
                .validateMigrationNaming(true)
                .load()
                .migrate();
        log.info(
                "Dashboard database schema at version {} ({} migration(s) applied now)",
                result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                result.migrationsExecuted);
        return result.migrationsExecuted;
    }
}
