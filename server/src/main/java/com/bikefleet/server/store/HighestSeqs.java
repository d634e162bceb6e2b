package com.bikefleet.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The highest sequence numbers stored for one outbox of one bike (0 when none): what a bike is told after
 * its hello, so a bike whose outbox rolled back does not reuse numbers the store already holds.
 */
public record HighestSeqs(long fixes, long telemetry) {

    // Not MAX(seq): ORDER BY ... DESC LIMIT 1 is a walk down the primary key in SQLite and PostgreSQL alike,
    // one index probe per bike however many fixes it has, which a reconnect storm of 10,000 hellos needs.
    /** The highest fix seq of a bike's outbox, in the table named by {@code %s}. */
    static final String FIXES_IN =
            "SELECT seq FROM %s WHERE bike_id = ? AND outbox_id = ? ORDER BY seq DESC LIMIT 1";
    public static final String TELEMETRY =
            "SELECT seq FROM telemetry WHERE bike_id = ? AND outbox_id = ? ORDER BY seq DESC LIMIT 1";

    /** Runs {@link #FIXES_IN} or {@link #TELEMETRY}: the highest seq, or 0 when none is stored. */
    public static long query(PreparedStatement select, String bikeId, String outboxId)
            throws SQLException {
        select.setString(1, bikeId);
        select.setString(2, outboxId);
        try (ResultSet row = select.executeQuery()) {
            return row.next() ? row.getLong(1) : 0;
        }
    }
}
