-- First-start script of the compose PostgreSQL (mounted into /docker-entrypoint-initdb.d/; the postgres image runs
-- it with psql as the superuser, once, on an empty data volume). It creates:
--   sleepdelta_sink  the sink's user: owns the database and its public schema, runs the Flyway migrations
--                    (dashboard/src/main/resources/db/migration) and writes the tables.
--   grafana_reader   Grafana's user: may connect and SELECT, nothing else, on every table the sink creates now or
--                    later (ALTER DEFAULT PRIVILEGES), and its sessions are read-only.
--   sleepdelta       the database.
-- The passwords are for the local compose demo only; docker-compose.yml and the Grafana datasource repeat them,
-- and ComposeFileTest checks that they agree. Use secrets of your own anywhere else.
-- DashboardQueriesOnPostgresTest runs this script on an embedded PostgreSQL and checks these grants for real.

CREATE ROLE sleepdelta_sink LOGIN PASSWORD 'sleepdelta-sink-demo';
CREATE ROLE grafana_reader LOGIN PASSWORD 'grafana-reader-demo';
ALTER ROLE grafana_reader SET default_transaction_read_only = on;
ALTER ROLE grafana_reader SET statement_timeout = '30s';

CREATE DATABASE sleepdelta OWNER sleepdelta_sink ENCODING 'UTF8' TEMPLATE template0;
REVOKE ALL ON DATABASE sleepdelta FROM PUBLIC;
GRANT CONNECT ON DATABASE sleepdelta TO grafana_reader;

\connect sleepdelta

-- The same on PostgreSQL 14 (public owned by the bootstrap superuser, CREATE for everyone) and 15+ (owned by
-- pg_database_owner): the sink owns the schema, nobody else may create in it.
ALTER SCHEMA public OWNER TO sleepdelta_sink;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO grafana_reader;

-- Tables that exist now (none on a fresh volume) and every table or view the sink creates later.
GRANT SELECT ON ALL TABLES IN SCHEMA public TO grafana_reader;
ALTER DEFAULT PRIVILEGES FOR ROLE sleepdelta_sink IN SCHEMA public GRANT SELECT ON TABLES TO grafana_reader;
