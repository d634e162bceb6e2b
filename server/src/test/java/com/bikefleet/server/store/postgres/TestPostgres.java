package com.bikefleet.server.store.postgres;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh database on the machine's PostgreSQL (127.0.0.1:5432, user postgres, trust auth), dropped after.
 * Without PostgreSQL the test is skipped with a message, except under CI, where it fails.
 */
final class TestPostgres implements AutoCloseable {

    private static final String ADMIN = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres&connectTimeout=5";

    private final String name;

    private TestPostgres(String name) {
        this.name = name;
    }

    static TestPostgres create() throws SQLException {
        String name = "bikefleet_unit_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        try (Connection c = DriverManager.getConnection(ADMIN); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            String message = "PostgreSQL tests need PostgreSQL on 127.0.0.1:5432 (" + e.getMessage()
                    + "); .ci/run starts it";
            if (System.getenv("CI") != null) {
                fail(message + " (CI is set, so this fails instead of skipping)");
            }
            Assumptions.abort(message);
        }
        return new TestPostgres(name);
    }

    String url() {
        return "jdbc:postgresql://127.0.0.1:5432/" + name + "?user=postgres";
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(ADMIN); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
