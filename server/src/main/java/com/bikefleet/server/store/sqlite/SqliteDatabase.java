package com.bikefleet.server.store.sqlite;

import com.bikefleet.server.store.ConnectionSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Opens connections to the server's SQLite file and creates its schema. */
public final class SqliteDatabase implements ConnectionSource {

    public static final String FILE_NAME = "bikefleet.db";

    private final Path file;

    public SqliteDatabase(Path dataDir) {
        this.file = dataDir.resolve(FILE_NAME);
    }

    public Path file() {
        return file;
    }

    /** Creates the data folder and schema if they do not exist yet. */
    public void initialize() throws SQLException {
        try {
            Files.createDirectories(file.getParent());
        } catch (java.io.IOException e) {
            throw new SQLException("cannot create data folder " + file.getParent() + ": " + e.getMessage(), e);
        }
        try (Connection c = open(); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS bikes (
                      bike_id    TEXT PRIMARY KEY,
                      token_hash TEXT NOT NULL,
                      created_at TEXT NOT NULL
                    )""");
            createFixTables(s);
            s.execute("""
                    CREATE TABLE IF NOT EXISTS bike_state (
                      bike_id   TEXT PRIMARY KEY,
                      last_seen INTEGER,
                      fix_time  INTEGER,
                      lat       REAL,
                      lon       REAL,
                      speed     REAL,
                      course    REAL,
                      alt       REAL,
                      hdop      REAL,
                      sats      INTEGER,
                      fix_type  TEXT
                    )""");
            addColumnIfMissing(s, "bikes", "revoked_at", "TEXT");
            addColumnIfMissing(s, "bike_state", "gps", "TEXT");
            addColumnIfMissing(s, "bike_state", "outbox_depth", "INTEGER");
            addColumnIfMissing(s, "bike_state", "dropped", "INTEGER");
            addColumnIfMissing(s, "bike_state", "skipped", "INTEGER");
            addColumnIfMissing(s, "bike_state", "previous_outbox_id", "TEXT");
            addColumnIfMissing(s, "bike_state", "outbox_reset", "TEXT");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS telemetry (
                      bike_id     TEXT    NOT NULL,
                      outbox_id   TEXT    NOT NULL,
                      seq         INTEGER NOT NULL,
                      time        INTEGER,
                      name        TEXT    NOT NULL,
                      value       TEXT    NOT NULL,
                      received_at INTEGER NOT NULL,
                      PRIMARY KEY (bike_id, outbox_id, seq)
                    ) WITHOUT ROWID""");
            // The bike list looks up each bike's latest battery reading.
            s.execute("CREATE INDEX IF NOT EXISTS telemetry_by_name ON telemetry (name, bike_id, time)");
            // One row, rewritten by each readiness probe: proof that a commit still goes through.
            s.execute("CREATE TABLE IF NOT EXISTS health (id INTEGER PRIMARY KEY CHECK (id = 1), checked_at INTEGER NOT NULL)");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS api_tokens (
                      name       TEXT PRIMARY KEY,
                      token_hash TEXT NOT NULL,
                      created_at TEXT NOT NULL,
                      revoked_at TEXT
                    )""");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS commands (
                      id         TEXT PRIMARY KEY,
                      bike_id    TEXT NOT NULL,
                      name       TEXT NOT NULL,
                      args       TEXT NOT NULL,
                      state      TEXT NOT NULL,
                      message    TEXT,
                      created_at INTEGER NOT NULL,
                      updated_at INTEGER NOT NULL
                    )""");
            s.execute("CREATE INDEX IF NOT EXISTS commands_by_bike ON commands (bike_id, created_at)");
        }
    }

    // The columns of a stored fix, in both of its tables.
    private static final String FIX_COLUMNS = """
            bike_id     TEXT    NOT NULL,
            outbox_id   TEXT    NOT NULL,
            seq         INTEGER NOT NULL,
            fix_time    INTEGER NOT NULL,
            lat         REAL    NOT NULL,
            lon         REAL    NOT NULL,
            speed       REAL,
            course      REAL,
            alt         REAL,
            hdop        REAL,
            sats        INTEGER,
            fix_type    TEXT,
            received_at INTEGER NOT NULL""";

    /**
     * Fixes live in two tables behind one view, {@code fixes}, which is what every reader queries: live fixes
     * are appended to {@code fix_arrivals} in the order they come (a commit writes a few pages at its tail),
     * and {@link ArrivalMerge} moves them into {@code fix_history}, ordered by bike, many fixes a bike at a
     * time. Written straight into the bike-ordered table, each live fix dirtied pages no other fix of its
     * commit shared, which capped the store at a third of the ten-times rate (docs/performance.md, "Store").
     * A fix sits in both tables only between a merge's chunk and the end of its round; the view shows it once.
     */
    private static void createFixTables(Statement s) throws SQLException {
        if (isTable(s, "fixes")) {
            // A database of an older version: its fixes table becomes the history the view reads.
            s.execute("ALTER TABLE fixes RENAME TO fix_history");
        }
        s.execute("CREATE TABLE IF NOT EXISTS fix_history (" + FIX_COLUMNS
                + ", PRIMARY KEY (bike_id, outbox_id, seq)) WITHOUT ROWID");
        s.execute("CREATE INDEX IF NOT EXISTS fixes_by_bike_time ON fix_history (bike_id, fix_time)");
        // n: the arrival order, given by the committer; a merged round is deleted as one range of it.
        s.execute("CREATE TABLE IF NOT EXISTS fix_arrivals (n INTEGER PRIMARY KEY, " + FIX_COLUMNS + ")");
        s.execute("""
                CREATE VIEW IF NOT EXISTS fixes AS
                  SELECT bike_id, outbox_id, seq, fix_time, lat, lon, speed, course, alt, hdop, sats, fix_type,
                         received_at
                  FROM fix_history
                  UNION ALL
                  SELECT a.bike_id, a.outbox_id, a.seq, a.fix_time, a.lat, a.lon, a.speed, a.course, a.alt, a.hdop,
                         a.sats, a.fix_type, a.received_at
                  FROM fix_arrivals a
                  WHERE NOT EXISTS (SELECT 1 FROM fix_history h
                                    WHERE h.bike_id = a.bike_id AND h.outbox_id = a.outbox_id AND h.seq = a.seq)""");
    }

    private static boolean isTable(Statement s, String name) throws SQLException {
        try (java.sql.ResultSet row = s.executeQuery(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '" + name + "'")) {
            return row.next();
        }
    }

    /** Lets a database made by an older version gain a column instead of failing. */
    private static void addColumnIfMissing(Statement s, String table, String column, String type)
            throws SQLException {
        try (java.sql.ResultSet columns = s.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (columns.next()) {
                if (column.equals(columns.getString("name"))) {
                    return;
                }
            }
        }
        s.execute("ALTER TABLE " + table + " ADD COLUMN " + column + " " + type);
    }

    /** A new connection; the caller owns it and must close it. */
    @Override
    public Connection open() throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement s = c.createStatement()) {
            // Several connections share the file: wait for a lock rather than fail at once.
            s.execute("PRAGMA busy_timeout=10000");
            // An ack promises durability, so a commit must reach the disk (WAL + FULL).
            s.execute("PRAGMA synchronous=FULL");
            s.execute("PRAGMA foreign_keys=ON");
        }
        return c;
    }
}
