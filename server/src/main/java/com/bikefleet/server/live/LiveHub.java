package com.bikefleet.server.live;

import com.bikefleet.model.Fix;
import com.bikefleet.model.Position;
import com.bikefleet.server.store.BikeView;
import com.bikefleet.server.store.FixBatch;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Turns what ingest reports into updates, encodes each once, and hands it to every matching listener's
 * queue. Publishing only touches maps under short locks; sends happen on the dispatcher thread.
 */
public final class LiveHub implements LiveFeed {

    private final LiveJson json;
    private final LiveCounters counters;
    // Copy-on-write: listeners come and go rarely, updates walk the set all the time without a lock.
    private final Set<LiveListener> listeners = new CopyOnWriteArraySet<>();
    /** The newest fix pushed (or stored, at start) per bike: older ones are not pushed; bbox matching uses it. */
    private final ConcurrentMap<String, Fix> newest = new ConcurrentHashMap<>();
    /** What each bike last said about itself, merged, so a partial report never hides an earlier field. */
    private final ConcurrentMap<String, LiveStatus> statuses = new ConcurrentHashMap<>();

    public LiveHub() {
        this(new LiveJson(), new LiveCounters());
    }

    LiveHub(LiveJson json, LiveCounters counters) {
        this.json = json;
        this.counters = counters;
    }

    /** Starts from the store's newest fixes, so a restart does not push an older fix or miss a bike's place. */
    public void seed(List<BikeView> bikes) {
        for (BikeView bike : bikes) {
            if (bike.lastFix() != null) {
                newest.merge(bike.bikeId(), bike.lastFix(), LiveHub::newer);
            }
        }
    }

    @Override
    public void fixesStored(FixBatch batch) {
        if (!batch.live() || batch.positions().isEmpty()) {
            return;
        }
        Fix fix = batch.positions().stream().map(Position::fix).max(Comparator.comparing(Fix::time)).orElseThrow();
        // Atomic per bike: of two racing batches only the newer fix wins.
        Fix winner = newest.merge(batch.bikeId(), fix, LiveHub::newer);
        if (winner != fix) {
            return;
        }
        publish(new LiveUpdate("p:" + batch.bikeId(), batch.bikeId(), fix, json.position(batch.bikeId(), fix)));
    }

    @Override
    public void bikeOnline(String bikeId) {
        // The previous connection's backlog says nothing about this one's; its first live fix will tell.
        statuses.computeIfPresent(bikeId, (id, known) -> known.withoutBacklog());
        connection(bikeId, true);
    }

    @Override
    public void bikeOffline(String bikeId) {
        connection(bikeId, false);
    }

    @Override
    public void bikeStatus(LiveStatus status) {
        LiveStatus[] before = new LiveStatus[1];
        LiveStatus merged = statuses.compute(status.bikeId(), (id, known) -> {
            before[0] = known;
            return known == null ? status : known.with(status);
        });
        if (merged.equals(before[0])) {
            // Repeats (the minute's status, a backlog still zero) would only cost every listener a frame.
            return;
        }
        publish(new LiveUpdate("s:" + status.bikeId(), status.bikeId(), newest.get(status.bikeId()),
                json.status(merged)));
    }

    /** The backlog the bike last showed, or null; for snapshots (it is not stored). */
    Long backlog(String bikeId) {
        LiveStatus status = statuses.get(bikeId);
        return status == null ? null : status.backlog();
    }

    private void connection(String bikeId, boolean online) {
        publish(new LiveUpdate("c:" + bikeId, bikeId, newest.get(bikeId), json.connection(bikeId, online)));
    }

    private void publish(LiveUpdate update) {
        for (LiveListener listener : listeners) {
            listener.offer(update);
        }
    }

    /** The newer of two fixes; the known one on a tie, so a repeated fix is not pushed twice. */
    private static Fix newer(Fix known, Fix candidate) {
        return candidate.time().isAfter(known.time()) ? candidate : known;
    }

    void add(LiveListener listener) {
        listeners.add(listener);
    }

    void remove(LiveListener listener) {
        listeners.remove(listener);
    }

    Collection<LiveListener> listeners() {
        return listeners;
    }

    LiveJson json() {
        return json;
    }

    LiveCounters counters() {
        return counters;
    }
}
