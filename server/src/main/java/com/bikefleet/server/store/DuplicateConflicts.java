package com.bikefleet.server.store;

import com.bikefleet.model.Fix;
import com.bikefleet.model.Position;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.tinylog.Logger;

/**
 * Finds fixes that arrived under a (bike, outbox id, seq) the store already held with other content: a bike
 * whose outbox rolled back and reused numbers. The store keeps the first fix and ignores the second, as for a
 * resend; this tells the operator it was not one.
 *
 * <p>Cheap on the normal path: a store compares only fixes it found it already held (an insert that changed
 * nothing, a key in the arrivals), in the writing transaction. Owned by the committer thread; the count is
 * read by any thread. Logged once per batch, and at most once a minute per bike.
 */
public final class DuplicateConflicts {

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
    private final List<Conflict> found = new ArrayList<>();

    /**
     * A fix of {@code batch} arrived under a key the store holds with the given content: counted if the content
     * differs (one line per batch, with its first such fix).
     */
    public void compare(FixBatch batch, Position position, long storedTime, double storedLat, double storedLon) {
        Fix fix = position.fix();
        if (storedTime == fix.time().toEpochMilli() && storedLat == fix.latitude() && storedLon == fix.longitude()) {
            return; // a resend
        }
        int last = found.size() - 1;
        if (last >= 0 && found.get(last).batch() == batch) {
            Conflict c = found.get(last);
            found.set(last, new Conflict(batch, c.count() + 1, c.firstSeq(), c.storedTime(), c.storedLat(),
                    c.storedLon(), c.received()));
        } else {
            found.add(new Conflict(batch, 1, position.seq(), storedTime, storedLat, storedLon, fix));
        }
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
        found.clear();
    }

    /** Fixes found so far that reused a stored key with other content. */
    public long total() {
        return total.get();
    }
}
