package com.bikefleet.server.command;

import com.bikefleet.server.store.SharedConnection;
import com.bikefleet.server.store.SqlAccess;
import com.bikefleet.server.store.StoreException;
import com.bikefleet.server.store.sqlite.SqliteDatabase;
import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import java.lang.reflect.Type;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Commands kept in the server's database, so a command for an offline bike survives a restart, and (on
 * PostgreSQL) a command created through one instance is delivered by the instance that holds the bike.
 */
public final class CommandStore implements AutoCloseable {

    /** The state of a command the operator cancelled before the bike answered. */
    static final String CANCELLED = "cancelled";
    private static final String UNFINISHED = "'queued', 'delivered'";
    private static final Type ARGS = new TypeToken<Map<String, String>>() { }.getType();
    private final Gson gson = new Gson();
    // One locked SQLite connection or a PostgreSQL pool; commands are rare.
    private final SqlAccess sql;
    /**
     * Bikes that may have a command without a result, or null when other instances write commands too.
     * Every hello asks for the bike's unfinished commands; in a reconnect storm of 10,000 bikes a query
     * each, one at a time on SQLite's one connection, held the Grizzly workers, so only bikes in this set
     * are queried. It is only sound when this process is the only writer: on a shared PostgreSQL another
     * instance may queue a command for a bike that then connects here, so every hello queries (the pool
     * runs those queries side by side).
     */
    private final Set<String> mayHaveUnfinished;

    /** @param soleWriter true when no other server instance writes to the same database */
    public CommandStore(SqlAccess sql, boolean soleWriter) {
        this.sql = sql;
        this.mayHaveUnfinished = soleWriter ? loadUnfinishedBikes(sql) : null;
    }

    /** On the SQLite file of an initialized database. */
    public CommandStore(SqliteDatabase database) throws SQLException {
        this(new SharedConnection(database.open()), true);
    }

    private static Set<String> loadUnfinishedBikes(SqlAccess sql) {
        Set<String> bikes = ConcurrentHashMap.newKeySet();
        try {
            sql.call(connection -> {
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT DISTINCT bike_id FROM commands WHERE state IN (" + UNFINISHED + ")");
                     ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        bikes.add(rows.getString(1));
                    }
                    return null;
                }
            });
        } catch (SQLException e) {
            throw new StoreException("reading the bikes with unfinished commands failed", e);
        }
        return bikes;
    }

    /**
     * Stores a command unless its bike already has {@code maxUnfinished} commands without a result.
     *
     * @return false when the bike had no room, and nothing was stored
     */
    boolean insertIfRoom(CommandRecord command, int maxUnfinished) {
        if (mayHaveUnfinished != null) {
            // Under the lock the query-then-forget in unfinished() holds, so a command cannot be forgotten.
            synchronized (mayHaveUnfinished) {
                mayHaveUnfinished.add(command.bikeId());
                return insertRow(command, maxUnfinished);
            }
        }
        return insertRow(command, maxUnfinished);
    }

    /**
     * Count and insert in one statement, so two requests at once cannot both take the last place on one
     * connection. Instances sharing a PostgreSQL database may each take it at the same moment: the cap can
     * then be passed by one command per instance, which is enough to keep a bike's queue bounded.
     */
    private boolean insertRow(CommandRecord command, int maxUnfinished) {
        return update("storing command " + command.id(),
                "INSERT INTO commands (id, bike_id, name, args, state, message, created_at, updated_at) "
                        + "SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE (SELECT COUNT(*) FROM commands "
                        + "WHERE bike_id = ? AND state IN (" + UNFINISHED + ")) < ?",
                command.id(), command.bikeId(), command.name(), gson.toJson(command.args()), command.state(),
                command.message(), command.createdAt().toEpochMilli(), command.updatedAt().toEpochMilli(),
                command.bikeId(), (long) maxUnfinished) == 1;
    }

    /**
     * Records a bike's result. A result from another bike or for an unknown id changes nothing, and neither
     * does one for a cancelled command: the operator's cancel stands even if the bike ran it meanwhile.
     */
    boolean update(String bikeId, String id, String state, String message, Instant at) {
        return update("updating command " + id,
                "UPDATE commands SET state = ?, message = ?, updated_at = ? "
                        + "WHERE id = ? AND bike_id = ? AND state <> '" + CANCELLED + "'",
                state, message, at.toEpochMilli(), id, bikeId) == 1;
    }

    /** Closes a command that has no result yet, with a state and message of the server's own. */
    boolean finishUnfinished(String bikeId, String id, String state, String message, Instant at) {
        return update("updating command " + id,
                "UPDATE commands SET state = ?, message = ?, updated_at = ? "
                        + "WHERE id = ? AND bike_id = ? AND state IN (" + UNFINISHED + ")",
                state, message, at.toEpochMilli(), id, bikeId) == 1;
    }

    /** One command of a bike, or null. */
    CommandRecord find(String bikeId, String id) {
        List<CommandRecord> found = query("SELECT * FROM commands WHERE bike_id = ? AND id = ?", bikeId, id);
        return found.isEmpty() ? null : found.get(0);
    }

    /** Marks a queued command delivered; a command that already has its result keeps it. */
    void markDelivered(String id, Instant at) {
        update("updating command " + id,
                "UPDATE commands SET state = 'delivered', updated_at = ? WHERE id = ? AND state = 'queued'",
                at.toEpochMilli(), id);
    }

    /** A bike's commands that have no result yet (queued or delivered), oldest first. */
    List<CommandRecord> unfinished(String bikeId) {
        String select = "SELECT * FROM commands WHERE bike_id = ? AND state IN (" + UNFINISHED + ") "
                + "ORDER BY created_at, id";
        if (mayHaveUnfinished == null) {
            return query(select, bikeId);
        }
        if (!mayHaveUnfinished.contains(bikeId)) {
            return List.of();
        }
        synchronized (mayHaveUnfinished) {
            List<CommandRecord> out = query(select, bikeId);
            if (out.isEmpty()) {
                mayHaveUnfinished.remove(bikeId);
            }
            return out;
        }
    }

    /** A bike's commands not yet sent to it, oldest first. */
    List<CommandRecord> queued(String bikeId) {
        return query("SELECT * FROM commands WHERE bike_id = ? AND state = 'queued' ORDER BY created_at, id", bikeId);
    }

    /** A bike's commands, newest first. */
    public List<CommandRecord> forBike(String bikeId) {
        return query("SELECT * FROM commands WHERE bike_id = ? ORDER BY created_at DESC, id LIMIT 1000", bikeId);
    }

    private int update(String what, String statementSql, Object... values) {
        try {
            return sql.call(connection -> {
                try (PreparedStatement statement = connection.prepareStatement(statementSql)) {
                    for (int i = 0; i < values.length; i++) {
                        if (values[i] instanceof Long number) {
                            statement.setLong(i + 1, number);
                        } else {
                            statement.setString(i + 1, (String) values[i]);
                        }
                    }
                    return statement.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw new StoreException(what + " failed", e);
        }
    }

    private List<CommandRecord> query(String select, String bikeId, String... more) {
        try {
            return sql.call(connection -> {
                try (PreparedStatement statement = connection.prepareStatement(select)) {
                    statement.setString(1, bikeId);
                    for (int i = 0; i < more.length; i++) {
                        statement.setString(i + 2, more[i]);
                    }
                    try (ResultSet rows = statement.executeQuery()) {
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
                }
            });
        } catch (SQLException e) {
            throw new StoreException("reading the commands of " + bikeId + " failed", e);
        }
    }

    @Override
    public void close() {
        sql.close();
    }
}
