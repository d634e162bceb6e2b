package com.bikefleet.server.registry;

import com.bikefleet.server.store.SharedConnection;
import com.bikefleet.server.store.SqlAccess;
import com.bikefleet.server.store.StoreException;
import com.bikefleet.server.store.sqlite.SqliteDatabase;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens for people and programs that read the fleet (apps, dashboards, scripts): separate from bike
 * tokens, so a leaked app token cannot report positions and a bike cannot read the fleet. Stored as
 * SHA-256 hashes; the token itself is shown once, when it is made.
 */
public final class ApiTokens implements AutoCloseable {

    /** A token as the fleet tool lists it. */
    public record Entry(String name, String createdAt, String revokedAt) {
    }

    // One locked SQLite connection or a PostgreSQL pool; tokens are shared by every instance on that database.
    private final SqlAccess sql;
    private final SecureRandom random;
    private final Clock clock;
    /** Hashes of valid tokens, so each API request costs no SQL; refreshed when the table changes here. */
    private final Map<String, String> validByHash = new ConcurrentHashMap<>();
    private volatile long loadedAt;

    public ApiTokens(SqlAccess sql, SecureRandom random, Clock clock) {
        this.sql = sql;
        this.random = random;
        this.clock = clock;
    }

    /** On the SQLite file of an initialized database. */
    public ApiTokens(SqliteDatabase database, SecureRandom random, Clock clock) throws SQLException {
        this(new SharedConnection(database.open()), random, clock);
    }

    /** Makes a new token; returns it in clear, once. */
    public String create(String name) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("invalid token name '" + name + "': use 1-64 letters, digits, '.', '_', '-'");
        }
        String token = TokenHash.newToken(random, "api_");
        int inserted;
        try {
            inserted = sql.call(connection -> {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO api_tokens (name, token_hash, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                    insert.setString(1, name);
                    insert.setString(2, TokenHash.sha256Hex(token));
                    insert.setString(3, clock.instant().toString());
                    return insert.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw new StoreException("creating API token " + name + " failed", e);
        }
        if (inserted == 0) {
            throw new IllegalArgumentException("an API token named '" + name + "' exists already");
        }
        loadedAt = 0;
        return token;
    }

    public void revoke(String name) {
        int revoked;
        try {
            revoked = sql.call(connection -> {
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE api_tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL")) {
                    update.setString(1, clock.instant().toString());
                    update.setString(2, name);
                    return update.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw new StoreException("revoking API token " + name + " failed", e);
        }
        if (revoked == 0) {
            throw new IllegalArgumentException("no active API token named '" + name + "'");
        }
        loadedAt = 0;
    }

    public List<Entry> list() {
        try {
            return sql.call(connection -> {
                try (Statement s = connection.createStatement();
                     ResultSet rows = s.executeQuery("SELECT name, created_at, revoked_at FROM api_tokens ORDER BY name")) {
                    List<Entry> out = new ArrayList<>();
                    while (rows.next()) {
                        out.add(new Entry(rows.getString(1), rows.getString(2), rows.getString(3)));
                    }
                    return out;
                }
            });
        } catch (SQLException e) {
            throw new StoreException("listing API tokens failed", e);
        }
    }

    /**
     * The token's name when it is valid, else null. Tokens made or revoked by another process (the
     * command line) are seen within a few seconds.
     */
    public String authenticate(String token) {
        if (token == null) {
            return null;
        }
        if (clock.millis() - loadedAt > 5_000) {
            reload();
        }
        // A map lookup by hash: the hash hides the token's bytes, so timing says nothing useful.
        return validByHash.get(TokenHash.sha256Hex(token));
    }

    private void reload() {
        try {
            Map<String, String> fresh = sql.call(connection -> {
                try (Statement s = connection.createStatement();
                     ResultSet rows = s.executeQuery("SELECT name, token_hash FROM api_tokens WHERE revoked_at IS NULL")) {
                    Map<String, String> read = new java.util.HashMap<>();
                    while (rows.next()) {
                        read.put(rows.getString(2), rows.getString(1));
                    }
                    return read;
                }
            });
            validByHash.keySet().retainAll(fresh.keySet());
            validByHash.putAll(fresh);
            loadedAt = clock.millis();
        } catch (SQLException e) {
            throw new StoreException("reading API tokens failed", e);
        }
    }

    @Override
    public void close() {
        sql.close();
    }
}
