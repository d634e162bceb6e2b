package com.bikefleet.server.registry;

import com.bikefleet.server.store.SqliteDatabase;
import com.bikefleet.server.store.StoreException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Bikes and their tokens. A token is 256 random bits shown once, when it is made; only its SHA-256 is
 * stored (a fast hash is enough for a random secret of that length), and it is compared in constant
 * time.
 */
public final class BikeRegistry implements AutoCloseable {

    /** What a bike id may look like: it appears in URLs, file names and logs. */
    public static final Pattern BIKE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private static final byte[] NO_SUCH_BIKE = new byte[32];

    // Guarded by itself: handshakes on many worker threads share it.
    private final Connection connection;
    private final SecureRandom random;
    private final Clock clock;

    public BikeRegistry(SqliteDatabase database, SecureRandom random, Clock clock) throws SQLException {
        this.connection = database.open();
        this.random = random;
        this.clock = clock;
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
        synchronized (connection) {
            try (PreparedStatement statement = connection.prepareStatement(
                    "INSERT OR IGNORE INTO bikes (bike_id, token_hash, created_at) VALUES (?, ?, ?)")) {
                statement.setString(1, bikeId);
                statement.setString(2, TokenHash.sha256Hex(token));
                statement.setString(3, clock.instant().toString());
                if (statement.executeUpdate() == 0) {
                    throw new IllegalArgumentException("bike " + bikeId
                            + " is already registered; use 'rotate' to give it a new token");
                }
            } catch (SQLException e) {
                throw new StoreException("registering bike " + bikeId + " failed", e);
            }
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
        synchronized (connection) {
            try {
                connection.setAutoCommit(false);
                try (PreparedStatement statement = connection.prepareStatement(
                        "INSERT OR IGNORE INTO bikes (bike_id, token_hash, created_at) VALUES (?, ?, ?)")) {
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
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                } finally {
                    connection.setAutoCommit(true);
                }
            } catch (SQLException e) {
                throw new StoreException("registering " + bikeIds.size() + " bikes failed", e);
            }
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
        synchronized (connection) {
            try (PreparedStatement statement = connection.prepareStatement(
                    "UPDATE bikes SET token_hash = ?, revoked_at = NULL WHERE bike_id = ?")) {
                statement.setString(1, TokenHash.sha256Hex(token));
                statement.setString(2, bikeId);
                if (statement.executeUpdate() == 0) {
                    throw new IllegalArgumentException("bike " + bikeId + " is not registered; use 'provision'");
                }
            } catch (SQLException e) {
                throw new StoreException("rotating the token of " + bikeId + " failed", e);
            }
        }
        return token;
    }

    /**
     * Revokes a bike: its token stops working for new connections; what it stored stays.
     *
     * @throws IllegalArgumentException when the bike is not registered
     */
    public void revoke(String bikeId) {
        synchronized (connection) {
            try (PreparedStatement statement = connection.prepareStatement(
                    "UPDATE bikes SET token_hash = '', revoked_at = ? WHERE bike_id = ?")) {
                statement.setString(1, clock.instant().toString());
                statement.setString(2, bikeId);
                if (statement.executeUpdate() == 0) {
                    throw new IllegalArgumentException("bike " + bikeId + " is not registered");
                }
            } catch (SQLException e) {
                throw new StoreException("revoking " + bikeId + " failed", e);
            }
        }
    }

    /** Every registered bike, by id. */
    public java.util.List<Entry> list() {
        synchronized (connection) {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT bike_id, created_at, revoked_at FROM bikes ORDER BY bike_id");
                 ResultSet rows = statement.executeQuery()) {
                java.util.List<Entry> out = new java.util.ArrayList<>();
                while (rows.next()) {
                    out.add(new Entry(rows.getString(1), rows.getString(2), rows.getString(3)));
                }
                return out;
            } catch (SQLException e) {
                throw new StoreException("listing bikes failed", e);
            }
        }
    }

    /** Registers the bike if new, otherwise gives it a new token; for tests and scripted setups. */
    public String issueToken(String bikeId) {
        requireValidId(bikeId);
        synchronized (connection) {
            return list().stream().anyMatch(e -> e.bikeId().equals(bikeId)) ? rotate(bikeId) : register(bikeId);
        }
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
        synchronized (connection) {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT token_hash FROM bikes WHERE bike_id = ?")) {
                statement.setString(1, bikeId);
                try (ResultSet row = statement.executeQuery()) {
                    // A revoked bike has an empty hash: no token matches it.
                    return row.next() && !row.getString(1).isEmpty() ? HexFormat.of().parseHex(row.getString(1)) : null;
                }
            } catch (SQLException e) {
                throw new StoreException("reading bike " + bikeId + " failed", e);
            }
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
        synchronized (connection) {
            try {
                connection.close();
            } catch (SQLException e) {
                throw new StoreException("closing the registry failed", e);
            }
        }
    }
}
