package com.bikefleet.server.store;

import com.bikefleet.model.Position;
import com.bikefleet.model.protocol.Telemetry;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * What the SQLite and PostgreSQL writers do alike with one commit group: each write goes where its kind
 * belongs (readings and health probes onto their batched statements, what a bike said about itself into
 * {@link BikeStateChanges}), and each fix batch to the backend's own {@link Fixes}, since where a fix is
 * written and how a repeat is found is what the backends differ in. Called on the committer thread.
 */
public final class GroupWrites {

    /** Writes, or adds to a batch, one batch's fixes. */
    @FunctionalInterface
    public interface Fixes {
        void add(FixBatch batch) throws SQLException;
    }

    private GroupWrites() {
    }

    /**
     * @param readings the dialect's insert of (bike_id, outbox_id, seq, time, name, value, received_at)
     * @param probes   the dialect's write of the health row's checked_at
     */
    public static void add(List<StoreWrite> writes, Fixes fixes, BikeStateChanges states, PreparedStatement readings,
                           PreparedStatement probes) throws SQLException {
        add(writes, fixes, states, states, readings, probes);
    }

    /**
     * As above, with what live fix batches say about their bikes gathered apart, in {@code liveStates}: for a
     * backend that writes those later than the rest (SQLite, per merge round).
     */
    public static void add(List<StoreWrite> writes, Fixes fixes, BikeStateChanges states, BikeStateChanges liveStates,
                           PreparedStatement readings, PreparedStatement probes) throws SQLException {
        for (StoreWrite write : writes) {
            if (write instanceof FixBatch batch) {
                fixes.add(batch);
                BikeStateChanges target = batch.live() ? liveStates : states;
                for (Position position : batch.positions()) {
                    target.reported(batch.bikeId(), position.fix());
                }
                target.seen(batch.bikeId(), batch.receivedAt());
            } else if (write instanceof TelemetryBatch batch) {
                addReadings(readings, batch);
                states.seen(batch.bikeId(), batch.receivedAt());
            } else if (write instanceof BikeStatusUpdate update) {
                states.status(update);
            } else if (write instanceof HealthProbe check) {
                probes.setLong(1, check.at().toEpochMilli());
                probes.addBatch();
            }
        }
    }

    private static void addReadings(PreparedStatement insert, TelemetryBatch batch) throws SQLException {
        for (Telemetry.Reading r : batch.readings()) {
            insert.setString(1, batch.bikeId());
            insert.setString(2, batch.outboxId());
            insert.setLong(3, r.seq());
            if (r.time() == null) {
                insert.setNull(4, Types.BIGINT);
            } else {
                insert.setLong(4, r.time().toEpochMilli());
            }
            insert.setString(5, r.name());
            insert.setString(6, r.value());
            insert.setLong(7, batch.receivedAt().toEpochMilli());
            insert.addBatch();
        }
    }
}
