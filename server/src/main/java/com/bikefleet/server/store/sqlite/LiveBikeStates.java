package com.bikefleet.server.store.sqlite;

import com.bikefleet.model.Fix;
import com.bikefleet.server.store.BikeStateChanges;
import com.bikefleet.server.store.BikeView;
import com.bikefleet.server.store.OutboxIncidents;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What live fixes say about their bikes (when each was last heard from, its newest fix), held until a merge
 * round writes it to {@code bike_state} in one go. Written with every live commit, a bike's state row cost a
 * page of the WAL per fix, as the fixes did before they had their arrivals table; a round writes it once per
 * bike. The bike list reads {@link #overlay} so it still shows every committed fix at once. After a crash the
 * arrivals table holds the fixes this would have written; a start gathers them again
 * ({@link #restored}).
 *
 * <p>All of it is the committer thread's except {@link #latest}, which any thread reads: a bike leaves it only
 * after its row was committed, so a reader that copies it before it reads the table sees each fix in one or
 * the other.
 */
final class LiveBikeStates {

    private record Latest(long lastSeenMillis, Fix fix) {

        Latest newer(Latest other) {
            Fix newest = fix == null ? other.fix
                    : other.fix == null || !other.fix.time().isAfter(fix.time()) ? fix : other.fix;
            return new Latest(Math.max(lastSeenMillis, other.lastSeenMillis), newest);
        }
    }

    private final BikeStateChanges group = new BikeStateChanges();
    private final BikeStateChanges pending = new BikeStateChanges();
    // Taken from pending at a round's start and written a chunk of bikes at a time, with what each showed.
    private final BikeStateChanges flushing = new BikeStateChanges();
    private final Map<String, Latest> flushingShown = new HashMap<>();
    private final Map<String, Latest> latest = new ConcurrentHashMap<>();

    /** Where the open transaction gathers its live batches' state. */
    BikeStateChanges group() {
        return group;
    }

    /** The open transaction committed: its live state is pending now, and shown by {@link #overlay}. */
    void committed() {
        group.forEachLatest((bike, seen, fix) -> latest.merge(bike, new Latest(seen, fix), Latest::newer));
        group.moveTo(pending);
    }

    /** The open transaction rolled back. */
    void rolledBack() {
        group.clear();
    }

    /** A live fix found in the arrivals table at start. */
    void restored(String bikeId, Fix fix, Instant receivedAt) {
        group.reported(bikeId, fix);
        group.seen(bikeId, receivedAt);
        committed();
    }

    /** Nothing waits to be written. */
    boolean isEmpty() {
        return pending.isEmpty() && flushing.isEmpty();
    }

    /** A round starts: what is pending now is what it writes; later commits wait for the next round. */
    void startFlush() {
        pending.forEachLatest((bike, seen, fix) -> flushingShown.merge(bike, new Latest(seen, fix), Latest::newer));
        pending.moveTo(flushing);
    }

    /** Bikes of the round still to write. */
    boolean flushing() {
        return !flushing.isEmpty();
    }

    /**
     * Adds the next {@code maxBikes} bikes of the round to {@code upsert}'s batch; {@link #flushed} once that
     * committed. Should the transaction fail, their state is not written until their next live fix (the bike
     * list then shows the older row): it is the merge's work that failed, and the fixes themselves are kept.
     */
    List<String> bindTo(PreparedStatement upsert, int maxBikes) throws SQLException {
        return flushing.bindTo(upsert, maxBikes);
    }

    /**
     * These bikes' rows are in {@code bike_state}: the overlay lets go of each that has shown nothing newer
     * since (no commit ran between the write and this; one thread does both).
     */
    void flushed(List<String> bikes) {
        for (String bike : bikes) {
            Latest shown = flushingShown.remove(bike);
            if (shown != null) {
                latest.remove(bike, shown);
            }
        }
    }

    /** The bike list as {@code read} gives it, with each bike's newer time and fix from live commits. */
    List<BikeView> overlay(Supplier<List<BikeView>> read) {
        Map<String, Latest> newer = new HashMap<>(latest);
        List<BikeView> bikes = read.get();
        if (newer.isEmpty()) {
            return bikes;
        }
        List<BikeView> shown = new ArrayList<>(bikes.size());
        for (BikeView bike : bikes) {
            Latest live = newer.remove(bike.bikeId());
            if (live == null) {
                shown.add(bike);
                continue;
            }
            Latest stored = new Latest(bike.lastSeen() == null ? 0 : bike.lastSeen().toEpochMilli(), bike.lastFix());
            Latest both = stored.newer(live);
            shown.add(new BikeView(bike.bikeId(), both.fix(),
                    both.lastSeenMillis() == 0 ? null : Instant.ofEpochMilli(both.lastSeenMillis()), bike.gps(),
                    bike.outboxDepth(), bike.dropped(), bike.battery(), bike.incidents()));
        }
        for (Map.Entry<String, Latest> only : newer.entrySet()) {
            shown.add(new BikeView(only.getKey(), only.getValue().fix(),
                    Instant.ofEpochMilli(only.getValue().lastSeenMillis()), null, null, null, null,
                    OutboxIncidents.NONE));
        }
        shown.sort(java.util.Comparator.comparing(BikeView::bikeId));
        return shown;
    }
}
