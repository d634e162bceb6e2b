package com.bikefleet.server.store.sqlite;

import com.bikefleet.server.store.StoredFix;
import com.bikefleet.server.store.TrackCursor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A track page from the history table's page and a bike's arrivals held in memory, so a track read does not
 * scan the arrivals table (it has no index by bike, on purpose: see {@link FixArrivals}). The history's page
 * holds its first {@code limit} fixes after the cursor, so the first {@code limit} of both together are among
 * that page and the arrivals in range. A fix that a round has copied but not yet let go of is in both: shown once.
 */
final class ArrivalTrack {

    private static final Comparator<StoredFix> TRACK_ORDER = Comparator
            .comparing((StoredFix f) -> f.fix().time())
            .thenComparing(StoredFix::outboxId)
            .thenComparingLong(StoredFix::seq);

    private ArrivalTrack() {
    }

    static List<StoredFix> page(List<StoredFix> history, List<FixArrivals.Arrival> arrivals, Instant from, Instant to,
                                TrackCursor after, int limit) {
        if (arrivals.isEmpty()) {
            return history;
        }
        List<StoredFix> all = new ArrayList<>(history);
        for (FixArrivals.Arrival arrival : arrivals) {
            Instant time = arrival.fix().time();
            StoredFix fix = new StoredFix(arrival.outboxId(), arrival.seq(), arrival.fix());
            if (!time.isBefore(from) && time.isBefore(to) && (after == null || isAfter(fix, after))) {
                all.add(fix);
            }
        }
        all.sort(TRACK_ORDER);
        List<StoredFix> page = new ArrayList<>(Math.min(limit, all.size()));
        StoredFix previous = null;
        for (StoredFix fix : all) {
            if (page.size() == limit) {
                break;
            }
            if (previous != null && previous.seq() == fix.seq() && previous.outboxId().equals(fix.outboxId())) {
                continue;
            }
            page.add(fix);
            previous = fix;
        }
        return page;
    }

    private static boolean isAfter(StoredFix fix, TrackCursor cursor) {
        int byTime = fix.fix().time().compareTo(cursor.fixTime());
        if (byTime != 0) {
            return byTime > 0;
        }
        int byOutbox = fix.outboxId().compareTo(cursor.outboxId());
        return byOutbox != 0 ? byOutbox > 0 : fix.seq() > cursor.seq();
    }
}
