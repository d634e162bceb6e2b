package com.bikefleet.server.store;

import com.bikefleet.model.Fix;
import com.bikefleet.model.Position;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.tinylog.Logger;

/**
 * Finds fixes that arrived under a (bike, outbox id, seq) the store already held with other content: a bike
 * whose outbox rolled back and reused numbers. The store keeps the first fix and ignores the second, as for a
 * resend; this tells the operator it was not one.
 *
 * <p>Cheap on the normal path: only fixes the insert ignored (update count 0) are looked up, by primary key,
 * in the writing transaction. A driver that does not report per-row counts is not checked. Owned by the
 * committer thread; the count is read by any thread. Logged once per batch, and at most once a minute per bike.
 */
public final class DuplicateConflicts {

    static final String SELECT = "SELECT fix_time, lat, lon FROM fixes WHERE bike_id = ? AND outbox_id = ? AND seq = ?";

    private record Conflict(FixBatch batch, int count, long firstSeq, long storedTime, double storedLat,
                            double storedLon, Fix received) {
    }

    /** One line per bike per this long at most: a hostile bike resending with other content must not flood the log. */
    private static final long LOG_EVERY_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(1);
    private static final int MAX_BIKES_REMEMBERED = 10_000;

    private final AtomicLong total = new AtomicLong();
    // When each bike's last line was written (nanoTime), oldest first; bounded.
    private final java.util.Map<String, Long> loggedAt = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, Long> eldest) {
            return size() > MAX_BIKES_REMEMBERED;
        }
    };
    // Batches whose fixes were added to the insert, in order, with how many fixes each.
    private final List<FixBatch> batches = new ArrayList<>();
    private final List<Conflict> found = new ArrayList<>();

    /** A batch's fixes were added to the insert's batch, in order. */
    public void added(FixBatch batch) {
        batches.add(batch);
    }

    /**
     * Compares each fix the insert ignored with the stored one, in the same transaction.
     *
     * @param counts the insert's {@code executeBatch} result, one count per fix in the order they were added
     */
    public void check(int[] counts, PreparedStatement select) throws SQLException {
        int i = 0;
        for (FixBatch batch : batches) {
            int conflicts = 0;
            Conflict first = null;
            for (Position position : batch.positions()) {
                int count = i < counts.length ? counts[i] : Statement.SUCCESS_NO_INFO;
                i++;
                if (count != 0) {
                    continue; // stored, or the driver did not say
                }
                select.setString(1, batch.bikeId());
                select.setString(2, batch.outboxId());
                select.setLong(3, position.seq());
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        continue;
                    }
                    Fix fix = position.fix();
                    long time = row.getLong(1);
                    double lat = row.getDouble(2);
                    double lon = row.getDouble(3);
                    if (time != fix.time().toEpochMilli() || lat != fix.latitude() || lon != fix.longitude()) {
                        conflicts++;
                        if (first == null) {
                            first = new Conflict(batch, 0, position.seq(), time, lat, lon, fix);
                        }
                    }
                }
            }
            if (conflicts > 0) {
                found.add(new Conflict(batch, conflicts, first.firstSeq(), first.storedTime(), first.storedLat(),
                        first.storedLon(), first.received()));
            }
        }
        batches.clear();
    }

    /**
     * Records what a store found by comparing a batch with its stored rows itself: {@code count} fixes of
     * {@code batch} under stored keys with other content, the first at {@code firstSeq}.
     */
    public void found(FixBatch batch, int count, long firstSeq, long storedTime, double storedLat, double storedLon,
                      Fix received) {
        if (count > 0) {
            found.add(new Conflict(batch, count, firstSeq, storedTime, storedLat, storedLon, received));
        }
    }

    /** The transaction committed: counts and logs what it found, one line per batch. */
    public void committed() {
        long now = System.nanoTime();
        for (Conflict c : found) {
            total.addAndGet(c.count());
            Long last = loggedAt.get(c.batch().bikeId());
            if (last != null && now - last < LOG_EVERY_NANOS) {
                continue;
            }
            loggedAt.put(c.batch().bikeId(), now);
            Logger.warn("Bike {} outbox {}: {} fix(es) arrived under seqs already stored with other content, "
                            + "first seq {} (stored {} {},{}; received {} {},{}); the stored ones were kept. "
                            + "The bike's outbox may have rolled back and reused its numbers",
                    c.batch().bikeId(), c.batch().outboxId(), c.count(), c.firstSeq(),
                    java.time.Instant.ofEpochMilli(c.storedTime()), c.storedLat(), c.storedLon(),
                    c.received().time(), c.received().latitude(), c.received().longitude());
        }
        found.clear();
    }

    /** Forgets the group, as after a failed transaction. */
    public void clear() {
        batches.clear();
        found.clear();
    }

    /** Fixes found so far that reused a stored key with other content. */
    public long total() {
        return total.get();
    }
}
