package com.bikefleet.server.store;

import com.bikefleet.model.Fix;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one commit group changes in {@code bike_state}, gathered per bike so the group writes each bike's
 * row once with one upsert ({@link #upsert}), however many of its messages the group holds: the latest
 * time it was heard from, its newest fix by GPS time, and the last non-null status values in the order
 * they came.
 *
 * <p>Bikes come out in id order, so two writers that lock state rows (PostgreSQL, several instances)
 * always take those locks in the same order and cannot deadlock on them. Used by one committer thread.
 */
public final class BikeStateChanges {

    private static final String[] FIX_COLUMNS = {
            "fix_time", "lat", "lon", "speed", "course", "alt", "hdop", "sats", "fix_type"};

    private static final int[] FIX_TYPES = {
            Types.BIGINT, Types.DOUBLE, Types.DOUBLE, Types.DOUBLE, Types.DOUBLE, Types.DOUBLE, Types.DOUBLE,
            Types.INTEGER, Types.VARCHAR};

    private final Map<String, Change> byBike = new TreeMap<>();

    /**
     * The upsert {@link #bindTo} fills: a new row takes the values as they are; an existing one keeps the
     * latest {@code last_seen}, moves only to a fix with a newer GPS time (a backfilled fix must not move
     * the bike), and keeps a status value the group did not report.
     *
     * @param greatest the dialect's two-argument maximum: {@code MAX} in SQLite, {@code GREATEST} in PostgreSQL
     */
    public static String upsert(String greatest) {
        StringBuilder sql = new StringBuilder("""
                INSERT INTO bike_state (bike_id, last_seen, fix_time, lat, lon, speed, course, alt, hdop, sats,
                                        fix_type, gps, outbox_depth, dropped, skipped, previous_outbox_id,
                                        outbox_reset)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (bike_id) DO UPDATE SET
                """);
        sql.append("  last_seen = ").append(greatest).append("(COALESCE(bike_state.last_seen, 0), excluded.last_seen)");
        // Every SET expression sees the row as it was, so each column tests the old fix time.
        String newer = "excluded.fix_time IS NOT NULL AND (bike_state.fix_time IS NULL"
                + " OR excluded.fix_time > bike_state.fix_time)";
        for (String column : FIX_COLUMNS) {
            sql.append(",\n  ").append(column).append(" = CASE WHEN ").append(newer)
                    .append(" THEN excluded.").append(column).append(" ELSE bike_state.").append(column).append(" END");
        }
        for (String column : new String[] {"gps", "outbox_depth", "dropped", "skipped"}) {
            sql.append(",\n  ").append(column).append(" = COALESCE(excluded.").append(column)
                    .append(", bike_state.").append(column).append(")");
        }
        // A hello says which outbox the bike has now: '' (no reset) clears what an older outbox reported.
        for (String column : new String[] {"previous_outbox_id", "outbox_reset"}) {
            sql.append(",\n  ").append(column).append(" = CASE WHEN excluded.").append(column)
                    .append(" IS NULL THEN bike_state.").append(column).append(" WHEN excluded.").append(column)
                    .append(" = '' THEN NULL ELSE excluded.").append(column).append(" END");
        }
        return sql.toString();
    }

    /** The bike was heard from at {@code at}. */
    public void seen(String bikeId, Instant at) {
        change(bikeId).seen(at.toEpochMilli());
    }

    /** The bike reported {@code fix}; only the newest by GPS time is kept. */
    public void reported(String bikeId, Fix fix) {
        Change change = change(bikeId);
        if (change.fix == null || fix.time().isAfter(change.fix.time())) {
            change.fix = fix;
        }
    }

    /** A status report: it also counts as hearing from the bike. */
    public void status(BikeStatusUpdate update) {
        Change change = change(update.bikeId());
        change.seen(update.at().toEpochMilli());
        if (update.gps() != null) {
            change.gps = update.gps();
        }
        if (update.outboxDepth() != null) {
            change.outboxDepth = update.outboxDepth();
        }
        if (update.dropped() != null) {
            change.dropped = update.dropped();
        }
        if (update.skipped() != null) {
            change.skipped = update.skipped();
        }
        if (update.reset() != null) {
            change.previousOutboxId = update.previousOutboxId() == null ? "" : update.previousOutboxId();
            change.reset = update.reset();
        }
    }

    /** Adds one row of {@link #upsert} per bike to the statement's batch, then forgets them. */
    public void bindTo(PreparedStatement upsert) throws SQLException {
        bindTo(upsert, Integer.MAX_VALUE);
    }

    /** As above for the first {@code maxBikes} bikes in id order; returns their ids. */
    public List<String> bindTo(PreparedStatement upsert, int maxBikes) throws SQLException {
        List<String> bound = new ArrayList<>(Math.min(maxBikes, byBike.size()));
        for (Iterator<Map.Entry<String, Change>> bikes = byBike.entrySet().iterator();
             bikes.hasNext() && bound.size() < maxBikes; ) {
            Map.Entry<String, Change> entry = bikes.next();
            bind(upsert, entry.getKey(), entry.getValue());
            bound.add(entry.getKey());
            bikes.remove();
        }
        return bound;
    }

    private static void bind(PreparedStatement upsert, String bikeId, Change change) throws SQLException {
        upsert.setString(1, bikeId);
        upsert.setLong(2, change.lastSeen);
        if (change.fix == null) {
            for (int i = 0; i < FIX_COLUMNS.length; i++) {
                upsert.setNull(3 + i, FIX_TYPES[i]);
            }
        } else {
            FixColumns.bind(upsert, 3, change.fix);
        }
        upsert.setString(12, change.gps);
        FixColumns.optionalLong(upsert, 13, change.outboxDepth);
        FixColumns.optionalLong(upsert, 14, change.dropped);
        FixColumns.optionalLong(upsert, 15, change.skipped);
        upsert.setString(16, change.previousOutboxId);
        upsert.setString(17, change.reset);
        upsert.addBatch();
    }

    /** Each bike's latest time heard from (epoch ms, 0 if never) and newest fix (or null), as gathered. */
    @FunctionalInterface
    public interface LatestConsumer {
        void accept(String bikeId, long lastSeenMillis, Fix fix);
    }

    /** Tells {@code consumer} each bike's latest time and newest fix gathered so far. */
    public void forEachLatest(LatestConsumer consumer) {
        for (Map.Entry<String, Change> entry : byBike.entrySet()) {
            consumer.accept(entry.getKey(), entry.getValue().lastSeen, entry.getValue().fix);
        }
    }

    /**
     * Moves what was gathered into {@code later}, as if its messages had come after: it keeps the latest
     * time, the newest fix and the last status value of each bike. Then forgets them here.
     */
    public void moveTo(BikeStateChanges later) {
        for (Map.Entry<String, Change> entry : byBike.entrySet()) {
            Change from = entry.getValue();
            Change to = later.change(entry.getKey());
            to.seen(from.lastSeen);
            if (from.fix != null && (to.fix == null || from.fix.time().isAfter(to.fix.time()))) {
                to.fix = from.fix;
            }
            to.gps = from.gps != null ? from.gps : to.gps;
            to.outboxDepth = from.outboxDepth != null ? from.outboxDepth : to.outboxDepth;
            to.dropped = from.dropped != null ? from.dropped : to.dropped;
            to.skipped = from.skipped != null ? from.skipped : to.skipped;
            to.previousOutboxId = from.previousOutboxId != null ? from.previousOutboxId : to.previousOutboxId;
            to.reset = from.reset != null ? from.reset : to.reset;
        }
        byBike.clear();
    }

    public boolean isEmpty() {
        return byBike.isEmpty();
    }

    /** Forgets what was gathered, as after a failed transaction. */
    public void clear() {
        byBike.clear();
    }

    private Change change(String bikeId) {
        return byBike.computeIfAbsent(bikeId, id -> new Change());
    }

    private static final class Change {
        long lastSeen;
        Fix fix;
        String gps;
        Long outboxDepth;
        Long dropped;
        Long skipped;
        // '' clears the stored value, null keeps it.
        String previousOutboxId;
        String reset;

        void seen(long at) {
            lastSeen = Math.max(lastSeen, at);
        }
    }
}
