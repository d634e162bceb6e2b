package com.bikefleet.server.registry;

import com.bikefleet.server.store.SharedConnection;
import com.bikefleet.server.store.SqlAccess;
import com.bikefleet.server.store.StoreException;
import com.bikefleet.server.store.sqlite.SqliteDatabase;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Bikes and their tokens. A token is 256 random bits shown once, when it is made; only its SHA-256 is
 * stored (a fast hash is enough for a random secret of that length), and it is compared in constant
 * time. The SQL runs unchanged on SQLite and PostgreSQL, so every server instance sharing a PostgreSQL
 * database authenticates the same bikes.
 */
public final class BikeRegistry implements AutoCloseable {

    /** What a bike id may look like: it appears in URLs, file names and logs. */
    public static final Pattern BIKE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private static final byte[] NO_SUCH_BIKE = new byte[32];

    // Handshakes on many worker threads share it; it decides how (one locked connection, or a pool).
    private final SqlAccess sql;
    private final SecureRandom random;
    private final Clock clock;

    public BikeRegistry(SqlAccess sql, SecureRandom random, Clock clock) {
        this.sql = sql;
        this.random = random;
        this.clock = clock;
    }

    /** On the SQLite file of an initialized database. */
    public BikeRegistry(SqliteDatabase database, SecureRandom random, Clock clock) throws SQLException {
        this(new SharedConnection(database.open()), random, clock);
    }

    /** A registered bike as the fleet tool lists it. */
    public record Entry(String bikeId, String registeredAt, String revokedAt) {
    }

    /**
     * Registers a new bike.
     *
     * @return its token, in clear, for the bike's config file; only its hash is stored
     * @throws IllegalArgumentException when the id is invalid or the bike exists already
     */
    public String register(String bikeId) {
        requireValidId(bikeId);
        String token = newToken();
        int inserted = update("registering bike " + bikeId,
                "INSERT INTO bikes (bike_id, token_hash, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                bikeId, TokenHash.sha256Hex(token), clock.instant().toString());
        if (inserted == 0) {
            throw new IllegalArgumentException("bike " + bikeId
                    + " is already registered; use 'rotate' to give it a new token");
        }
        return token;
    }

    /**
     * Registers many new bikes in one transaction: all of them or, when one id is invalid or taken, none.
     * Fleet roll-outs and the fleet simulator register thousands at once; one commit each would take minutes.
     *
     * @return each bike's token, in clear, in the order of the ids
     * @throws IllegalArgumentException naming the first invalid or already registered id
     */
    public java.util.List<String> registerAll(java.util.List<String> bikeIds) {
        bikeIds.forEach(BikeRegistry::requireValidId);
        java.util.List<String> tokens = new java.util.ArrayList<>(bikeIds.size());
        String now = clock.instant().toString();
        try {
            sql.call(connection -> {
                connection.setAutoCommit(false);
                try (PreparedStatement statement = connection.prepareStatement(
                        "INSERT INTO bikes (bike_id, token_hash, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                    for (String bikeId : bikeIds) {
                        String token = newToken();
                        statement.setString(1, bikeId);
                        statement.setString(2, TokenHash.sha256Hex(token));
                        statement.setString(3, now);
                        if (statement.executeUpdate() == 0) {
                            throw new IllegalArgumentException("bike " + bikeId + " is already registered; nothing was registered");
                        }
                        tokens.add(token);
                    }
                    connection.commit();
                    return null;
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                } finally {
                    connection.setAutoCommit(true);
                }
            });
        } catch (SQLException e) {
            throw new StoreException("registering " + bikeIds.size() + " bikes failed", e);
        }
        return tokens;
    }

    /**
     * Gives a registered (or revoked) bike a new token; the old one stops working at once.
     *
     * @throws IllegalArgumentException when the bike is not registered
     */
    public String rotate(String bikeId) {
        String token = newToken();
        if (update("rotating the token of " + bikeId, "UPDATE bikes SET token_hash = ?, revoked_at = NULL WHERE bike_id = ?",
                TokenHash.sha256Hex(token), bikeId) == 0) {
            throw new IllegalArgumentException("bike " + bikeId + " is not registered; use 'provision'");
        }
        return token;
    }

    /**
     * Revokes a bike: its token stops working for new connections; what it stored stays.
     *
     * @throws IllegalArgumentException when the bike is not registered
     */
    public void revoke(String bikeId) {
        if (update("revoking " + bikeId, "UPDATE bikes SET token_hash = '', revoked_at = ? WHERE bike_id = ?",
                clock.instant().toString(), bikeId) == 0) {
            throw new IllegalArgumentException("bike " + bikeId + " is not registered");
        }
    }

    /** Every registered bike, by id. */
    public List<Entry> list() {
        try {
            return sql.call(connection -> {
                try (PreparedStatement statement = connection.prepareStatement(
                        "SELECT bike_id, created_at, revoked_at FROM bikes ORDER BY bike_id");
                     ResultSet rows = statement.executeQuery()) {
                    List<Entry> out = new ArrayList<>();
                    while (rows.next()) {
                        out.add(new Entry(rows.getString(1), rows.getString(2), rows.getString(3)));
                    }
                    return out;
                }
            });
        } catch (SQLException e) {
            throw new StoreException("listing bikes failed", e);
        }
    }

    /** True when the bike is registered, revoked or not (a rotate brings a revoked bike back). */
    public boolean isRegistered(String bikeId) {
        try {
            return sql.call(connection -> {
                try (PreparedStatement statement = connection.prepareStatement(
                        "SELECT 1 FROM bikes WHERE bike_id = ?")) {
                    statement.setString(1, bikeId);
                    try (ResultSet row = statement.executeQuery()) {
                        return row.next();
                    }
                }
            });
        } catch (SQLException e) {
            throw new StoreException("reading bike " + bikeId + " failed", e);
        }
    }

    /** Registers the bike if new, otherwise gives it a new token; for tests and scripted setups. */
    public String issueToken(String bikeId) {
        requireValidId(bikeId);
        return list().stream().anyMatch(e -> e.bikeId().equals(bikeId)) ? rotate(bikeId) : register(bikeId);
    }

    private String newToken() {
        return TokenHash.newToken(random, "");
    }

    /** True only when the bike is registered and the token is its current one. */
    public boolean authenticate(String bikeId, String token) {
        if (bikeId == null || token == null) {
            return false;
        }
        byte[] stored = storedHash(bikeId);
        byte[] presented = TokenHash.sha256(token);
        // Compare even for an unknown bike, so timing does not tell which bike ids exist.
        boolean match = MessageDigest.isEqual(stored == null ? NO_SUCH_BIKE : stored, presented);
        return stored != null && match;
    }

    private byte[] storedHash(String bikeId) {
        try {
            return sql.call(connection -> {
                try (PreparedStatement statement = connection.prepareStatement(
                        "SELECT token_hash FROM bikes WHERE bike_id = ?")) {
                    statement.setString(1, bikeId);
                    try (ResultSet row = statement.executeQuery()) {
                        // A revoked bike has an empty hash: no token matches it.
                        return row.next() && !row.getString(1).isEmpty()
                                ? HexFormat.of().parseHex(row.getString(1)) : null;
                    }
                }
            });
        } catch (SQLException e) {
            throw new StoreException("reading bike " + bikeId + " failed", e);
        }
    }

    private int update(String what, String statementSql, String... values) {
        try {
            return sql.call(connection -> {
                try (PreparedStatement statement = connection.prepareStatement(statementSql)) {
                    for (int i = 0; i < values.length; i++) {
                        statement.setString(i + 1, values[i]);
                    }
                    return statement.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw new StoreException(what + " failed", e);
        }
    }

    public static void requireValidId(String bikeId) {
        if (bikeId == null || !BIKE_ID.matcher(bikeId).matches()) {
            throw new IllegalArgumentException("invalid bike id '" + bikeId
                    + "': use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    @Override
    public void close() {
        sql.close();
    }
}
