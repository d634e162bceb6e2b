package com.bikefleet.server.registry;

import com.bikefleet.server.store.SqliteDatabase;
import com.bikefleet.server.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Base64;
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

    /**
     * Registers a new bike, or gives an existing one a new token (the old one stops working).
     *
     * @return the new token, in clear, for the bike's config file; it is not stored anywhere
     */
    public String issueToken(String bikeId) {
        requireValidId(bikeId);
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String sql = """
                INSERT INTO bikes (bike_id, token_hash, created_at) VALUES (?, ?, ?)
                ON CONFLICT (bike_id) DO UPDATE SET token_hash = excluded.token_hash""";
        synchronized (connection) {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, bikeId);
                statement.setString(2, HexFormat.of().formatHex(sha256(token)));
                statement.setString(3, clock.instant().toString());
                statement.executeUpdate();
            } catch (SQLException e) {
                throw new StoreException("registering bike " + bikeId + " failed", e);
            }
        }
        return token;
    }

    /** True only when the bike is registered and the token is its current one. */
    public boolean authenticate(String bikeId, String token) {
        if (bikeId == null || token == null) {
            return false;
        }
        byte[] stored = storedHash(bikeId);
        byte[] presented = sha256(token);
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
                    return row.next() ? HexFormat.of().parseHex(row.getString(1)) : null;
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

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
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
