package com.bikefleet.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What went wrong with a bike's current outbox, as the bike reported it: sequence numbers it skipped because
 * its outbox had rolled back below what the server held, and the unreadable outbox it replaced.
 *
 * @param skipped          sequence numbers the current outbox skipped, or null if the bike never said
 * @param previousOutboxId the outbox the current one replaced, or null
 * @param reset            why it was replaced ({@code corrupt}), or null when it was not
 */
public record OutboxIncidents(Long skipped, String previousOutboxId, String reset) {

    public static final OutboxIncidents NONE = new OutboxIncidents(null, null, null);

    /** The state columns {@code skipped, previous_outbox_id, outbox_reset} read from {@code first} on. */
    public static OutboxIncidents read(ResultSet rows, int first) throws SQLException {
        return new OutboxIncidents(FixColumns.optionalLong(rows, first), blankToNull(rows.getString(first + 1)),
                blankToNull(rows.getString(first + 2)));
    }

    // '' is how a hello from an outbox that replaced nothing is written (BikeStateChanges).
    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
