package com.bikefleet.server.command;

import com.bikefleet.server.store.SqliteDatabase;
import com.bikefleet.server.store.StoreException;
import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import java.lang.reflect.Type;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Commands kept in the server's SQLite file, so a command for an offline bike survives a restart. */
public final class CommandStore implements AutoCloseable {

    private static final Type ARGS = new TypeToken<Map<String, String>>() { }.getType();
    private final Gson gson = new Gson();
    // Guarded by itself: HTTP threads and ingest threads share it; commands are rare.
    private final Connection connection;
    /**
     * Bikes that may have a command without a result. Every hello asks for the bike's unfinished commands,
     * and in a reconnect storm of 10,000 bikes a query each, one at a time on this connection, held the
     * Grizzly workers; now only bikes in this set are queried. Added to under the connection's lock when a
     * command is stored; a bike leaves it when a query finds nothing unfinished.
     */
    private final Set<String> mayHaveUnfinished = ConcurrentHashMap.newKeySet();

    public CommandStore(SqliteDatabase database) throws SQLException {
        this.connection = database.open();
        try (Statement s = connection.createStatement()) {
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
            try (ResultSet rows = s.executeQuery(
                    "SELECT DISTINCT bike_id FROM commands WHERE state IN ('queued', 'delivered')")) {
                while (rows.next()) {
                    mayHaveUnfinished.add(rows.getString(1));
                }
            }
        }
    }

    void insert(CommandRecord command) {
        synchronized (connection) {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO commands (id, bike_id, name, args, state, message, created_at, updated_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, command.id());
                insert.setString(2, command.bikeId());
                insert.setString(3, command.name());
                insert.setString(4, gson.toJson(command.args()));
                insert.setString(5, command.state());
                insert.setString(6, command.message());
                insert.setLong(7, command.createdAt().toEpochMilli());
                insert.setLong(8, command.updatedAt().toEpochMilli());
                insert.executeUpdate();
                mayHaveUnfinished.add(command.bikeId());
            } catch (SQLException e) {
                throw new StoreException("storing command " + command.id() + " failed", e);
            }
        }
    }

    /** Moves a command to a new state; a result from another bike or for an unknown id changes nothing. */
    boolean update(String bikeId, String id, String state, String message, Instant at) {
        synchronized (connection) {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE commands SET state = ?, message = ?, updated_at = ? WHERE id = ? AND bike_id = ?")) {
                update.setString(1, state);
                update.setString(2, message);
                update.setLong(3, at.toEpochMilli());
                update.setString(4, id);
                update.setString(5, bikeId);
                return update.executeUpdate() == 1;
            } catch (SQLException e) {
                throw new StoreException("updating command " + id + " failed", e);
            }
        }
    }

    /** Marks a queued command delivered; a command that already has its result keeps it. */
    void markDelivered(String id, Instant at) {
        synchronized (connection) {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE commands SET state = 'delivered', updated_at = ? WHERE id = ? AND state = 'queued'")) {
                update.setLong(1, at.toEpochMilli());
                update.setString(2, id);
                update.executeUpdate();
            } catch (SQLException e) {
                throw new StoreException("updating command " + id + " failed", e);
            }
        }
    }

    /** A bike's commands that have no result yet (queued or delivered), oldest first. */
    List<CommandRecord> unfinished(String bikeId) {
        if (!mayHaveUnfinished.contains(bikeId)) {
            return List.of();
        }
        synchronized (connection) {
            List<CommandRecord> out = query("SELECT * FROM commands WHERE bike_id = ? AND state IN ('queued', "
                    + "'delivered') ORDER BY created_at, id", bikeId);
            if (out.isEmpty()) {
                // Under the lock, so a command stored meanwhile cannot be forgotten.
                mayHaveUnfinished.remove(bikeId);
            }
            return out;
        }
    }

    /** A bike's commands, newest first. */
    public List<CommandRecord> forBike(String bikeId) {
        return query("SELECT * FROM commands WHERE bike_id = ? ORDER BY created_at DESC, id LIMIT 1000", bikeId);
    }

    private List<CommandRecord> query(String sql, String bikeId) {
        synchronized (connection) {
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                select.setString(1, bikeId);
                try (ResultSet rows = select.executeQuery()) {
                    List<CommandRecord> out = new ArrayList<>();
                    while (rows.next()) {
                        Map<String, String> args = gson.fromJson(rows.getString("args"), ARGS);
                        out.add(new CommandRecord(rows.getString("id"), rows.getString("bike_id"),
                                rows.getString("name"), args, rows.getString("state"), rows.getString("message"),
                                Instant.ofEpochMilli(rows.getLong("created_at")),
                                Instant.ofEpochMilli(rows.getLong("updated_at"))));
                    }
                    return out;
                }
            } catch (SQLException e) {
                throw new StoreException("reading the commands of " + bikeId + " failed", e);
            }
        }
    }

    @Override
    public void close() {
        synchronized (connection) {
            try {
                connection.close();
            } catch (SQLException e) {
                throw new StoreException("closing the command store failed", e);
            }
        }
    }
}
