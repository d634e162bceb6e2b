package com.bikefleet.server.store;

import com.bikefleet.model.Fix;
import com.bikefleet.model.FixType;
import com.bikefleet.model.Position;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/**
 * Binds and reads a fix's nine columns: time, lat, lon, speed, course, alt, hdop, sats, fix_type. The
 * SQLite and PostgreSQL stores lay them out the same way.
 */
public final class FixColumns {

    private FixColumns() {
    }

    public static void bind(PreparedStatement statement, int first, Fix fix) throws SQLException {
        statement.setLong(first, fix.time().toEpochMilli());
        statement.setDouble(first + 1, fix.latitude());
        statement.setDouble(first + 2, fix.longitude());
        optional(statement, first + 3, fix.speed());
        optional(statement, first + 4, fix.course());
        optional(statement, first + 5, fix.altitude());
        optional(statement, first + 6, fix.hdop());
        if (fix.satellites() == null) {
            statement.setNull(first + 7, Types.INTEGER);
        } else {
            statement.setInt(first + 7, fix.satellites());
        }
        statement.setString(first + 8, fix.fixType() == null ? null : fix.fixType().wireName());
    }

    /** Binds a stored fix's row from {@code first} on: bike_id, outbox_id, seq, the nine columns, received_at. */
    public static void bindRow(PreparedStatement statement, int first, FixBatch batch, Position position,
                               long receivedAt) throws SQLException {
        bindRow(statement, first, batch.bikeId(), batch.outboxId(), position.seq(), position.fix(), receivedAt);
    }

    /** As above, for a fix held apart from its batch (an arrival being merged). */
    public static void bindRow(PreparedStatement statement, int first, String bikeId, String outboxId, long seq,
                               Fix fix, long receivedAt) throws SQLException {
        statement.setString(first, bikeId);
        statement.setString(first + 1, outboxId);
        statement.setLong(first + 2, seq);
        bind(statement, first + 3, fix);
        statement.setLong(first + 12, receivedAt);
    }

    public static Fix read(ResultSet rows, int first) throws SQLException {
        Instant time = Instant.ofEpochMilli(rows.getLong(first));
        double lat = rows.getDouble(first + 1);
        double lon = rows.getDouble(first + 2);
        Double speed = optionalDouble(rows, first + 3);
        Double course = optionalDouble(rows, first + 4);
        Double alt = optionalDouble(rows, first + 5);
        Double hdop = optionalDouble(rows, first + 6);
        int sats = rows.getInt(first + 7);
        Integer satellites = rows.wasNull() ? null : sats;
        FixType type = FixType.fromWireName(rows.getString(first + 8));
        return new Fix(time, lat, lon, speed, course, alt, hdop, satellites, type);
    }

    public static Long optionalLong(ResultSet rows, int column) throws SQLException {
        long value = rows.getLong(column);
        return rows.wasNull() ? null : value;
    }

    public static void optionalLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    private static void optional(PreparedStatement statement, int index, Double value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.DOUBLE);
        } else {
            statement.setDouble(index, value);
        }
    }

    private static Double optionalDouble(ResultSet rows, int column) throws SQLException {
        double value = rows.getDouble(column);
        return rows.wasNull() ? null : value;
    }
}
