package com.bikefleet.systemtest;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** A fresh PostgreSQL database for one test class on the machine's server, dropped afterwards. */
final class TestDatabase implements AutoCloseable {

    private final String name;

    private TestDatabase(String name) {
        this.name = name;
    }

    static TestDatabase create() throws SQLException {
        String name = "bikefleet_it_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        try (Connection c = DriverManager.getConnection(ScaleServices.POSTGRES_ADMIN_URL);
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return new TestDatabase(name);
    }

    /** The JDBC URL the servers are given. */
    String url() {
        return "jdbc:postgresql://127.0.0.1:5432/" + name + "?user=postgres";
    }

    /** Every fix stored for the bike, ordered by outbox id and sequence number. */
    List<ServerDb.Row> fixes(String bikeId) throws SQLException {
        try (Connection c = DriverManager.getConnection(url());
             PreparedStatement q = c.prepareStatement("SELECT outbox_id, seq, fix_time, received_at FROM fixes "
                     + "WHERE bike_id = ? ORDER BY outbox_id, seq")) {
            q.setString(1, bikeId);
            List<ServerDb.Row> rows = new ArrayList<>();
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    rows.add(new ServerDb.Row(r.getString(1), r.getLong(2), r.getLong(3), r.getLong(4)));
                }
            }
            return rows;
        }
    }

    long count(String bikeId) throws SQLException {
        try (Connection c = DriverManager.getConnection(url());
             PreparedStatement q = c.prepareStatement("SELECT COUNT(*) FROM fixes WHERE bike_id = ?")) {
            q.setString(1, bikeId);
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /** Drops the database, closing whatever connections are left (a killed server's are gone already). */
    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(ScaleServices.POSTGRES_ADMIN_URL);
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
