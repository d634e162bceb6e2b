package com.bikefleet.server.store.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.tinylog.Logger;

/**
 * Creates the PostgreSQL schema, or migrates an older one, at startup. Each step runs once, in order, and
 * is recorded in {@code schema_version}; an advisory lock makes instances that start together take turns,
 * so two of them never run the same step at once.
 *
 * <p>Times are epoch milliseconds in BIGINT (as in SQLite); ids sort byte-wise ({@code COLLATE "C"}) so
 * track pages and bike lists come out in the same order as on SQLite.
 */
final class PostgresSchema {

    /** Any number, the same in every instance: the key of the migration lock. */
    private static final long MIGRATION_LOCK = 0x62696b65666c74L;

    private static final List<String> STEPS = List.of(
            """
            CREATE TABLE bikes (
              bike_id    TEXT COLLATE "C" PRIMARY KEY,
              token_hash TEXT NOT NULL,
              created_at TEXT NOT NULL,
              revoked_at TEXT
            );
            CREATE TABLE fixes (
              bike_id     TEXT COLLATE "C" NOT NULL,
              outbox_id   TEXT COLLATE "C" NOT NULL,
              seq         BIGINT NOT NULL,
              fix_time    BIGINT NOT NULL,
              lat         DOUBLE PRECISION NOT NULL,
              lon         DOUBLE PRECISION NOT NULL,
              speed       DOUBLE PRECISION,
              course      DOUBLE PRECISION,
              alt         DOUBLE PRECISION,
              hdop        DOUBLE PRECISION,
              sats        INTEGER,
              fix_type    TEXT,
              received_at BIGINT NOT NULL,
              PRIMARY KEY (bike_id, outbox_id, seq)
            );
            CREATE INDEX fixes_by_bike_time ON fixes (bike_id, fix_time);
            CREATE TABLE bike_state (
              bike_id      TEXT COLLATE "C" PRIMARY KEY,
              last_seen    BIGINT,
              fix_time     BIGINT,
              lat          DOUBLE PRECISION,
              lon          DOUBLE PRECISION,
              speed        DOUBLE PRECISION,
              course       DOUBLE PRECISION,
              alt          DOUBLE PRECISION,
              hdop         DOUBLE PRECISION,
              sats         INTEGER,
              fix_type     TEXT,
              gps          TEXT,
              outbox_depth BIGINT,
              dropped      BIGINT
            );
            CREATE TABLE telemetry (
              bike_id     TEXT COLLATE "C" NOT NULL,
              outbox_id   TEXT COLLATE "C" NOT NULL,
              seq         BIGINT NOT NULL,
              time        BIGINT,
              name        TEXT NOT NULL,
              value       TEXT NOT NULL,
              received_at BIGINT NOT NULL,
              PRIMARY KEY (bike_id, outbox_id, seq)
            );
            CREATE INDEX telemetry_by_name ON telemetry (name, bike_id, time);
            CREATE TABLE health (id INTEGER PRIMARY KEY CHECK (id = 1), checked_at BIGINT NOT NULL);
            CREATE TABLE api_tokens (
              name       TEXT COLLATE "C" PRIMARY KEY,
              token_hash TEXT NOT NULL,
              created_at TEXT NOT NULL,
              revoked_at TEXT
            );
            CREATE TABLE commands (
              id         TEXT PRIMARY KEY,
              bike_id    TEXT COLLATE "C" NOT NULL,
              name       TEXT NOT NULL,
              args       TEXT NOT NULL,
              state      TEXT NOT NULL,
              message    TEXT,
              created_at BIGINT NOT NULL,
              updated_at BIGINT NOT NULL
            );
            CREATE INDEX commands_by_bike ON commands (bike_id, created_at);
            """,
            // What a bike reports of its outbox's incidents: seqs skipped after a rollback, the outbox it replaced.
            """
            ALTER TABLE bike_state ADD COLUMN skipped BIGINT, ADD COLUMN previous_outbox_id TEXT,
                                   ADD COLUMN outbox_reset TEXT;
            """);

    private PostgresSchema() {
    }

    /** Brings the database up to the newest step; returns the version it is at. */
    static int migrate(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement s = connection.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
            int version = 0;
            try (ResultSet row = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
                if (row.next()) {
                    version = row.getInt(1);
                }
            }
            if (version > STEPS.size()) {
                throw new SQLException("the database is at schema version " + version
                        + ", newer than this server knows (" + STEPS.size() + "); upgrade the server");
            }
            for (int step = version; step < STEPS.size(); step++) {
                s.execute(STEPS.get(step));
                s.execute("INSERT INTO schema_version (version) VALUES (" + (step + 1) + ")");
                Logger.info("PostgreSQL schema migrated to version {}", step + 1);
            }
            connection.commit();
            return STEPS.size();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}
