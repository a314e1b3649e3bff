package org.sleepdelta.dashboard.provisioning;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.SQLException;
import org.sleepdelta.dashboard.local.InitScript;

/** Runs dashboard/postgres/init.sql on an embedded server the way the postgres image does on first start. */
public final class ComposeInitScript {
    private ComposeInitScript() {}

    public static void run(EmbeddedPostgres postgres) throws SQLException {
        InitScript.run(database -> postgres.getDatabase("postgres", database).getConnection());
    }
}
