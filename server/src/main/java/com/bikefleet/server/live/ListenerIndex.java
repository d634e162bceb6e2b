package com.bikefleet.server.live;

import com.bikefleet.model.Fix;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Which listeners may want an update about a bike: those following every bike, those naming the bike,
 * and those whose box covers the grid cell the bike is in. Publishing asks only these, so its cost
 * grows with the listeners that match, not with all that are connected. The index may name a few too
 * many (a box covers whole cells); each listener's own {@link Subscription#matches} has the last word.
 *
 * <p>Threads: changes come from the listeners' Tyrus threads and the dispatcher, serialised by this
 * object's monitor; lookups come from the committer and Grizzly threads and take no lock (every
 * bucket is a concurrent set, so a lookup racing a change sees the listener or not, never a broken set).
 */
final class ListenerIndex {

    /** 0.01 degree: about 1.1 km north-south, so a box of a few hundred metres touches one to four cells. */
    static final double CELL_DEGREES = 0.01;
    /** A box over more cells than this (about 0.3 x 0.3 degree) is checked on every update instead. */
    static final int MAX_CELLS_PER_BOX = 1024;

    private final Set<LiveListener> everyBike = ConcurrentHashMap.newKeySet();
    private final Map<String, Set<LiveListener>> byBike = new ConcurrentHashMap<>();
    private final Map<Long, Set<LiveListener>> byCell = new ConcurrentHashMap<>();
    private final Set<LiveListener> wideBoxes = ConcurrentHashMap.newKeySet();
    /** What each listener is indexed under, so it can be taken out again. */
    private final Map<LiveListener, Subscription> indexed = new ConcurrentHashMap<>();

    /** Indexes the listener under {@code subscription}, replacing what it was indexed under before. */
    synchronized void put(LiveListener listener, Subscription subscription) {
        Subscription before = indexed.put(listener, subscription);
        if (before != null) {
            unindex(listener, before);
        }
        index(listener, subscription);
    }

    synchronized void remove(LiveListener listener) {
        Subscription before = indexed.remove(listener);
        if (before != null) {
            unindex(listener, before);
        }
    }

    /**
     * Calls {@code action} for every listener that may follow the bike, last seen at {@code where} (null
     * when unknown). A listener indexed under two parts of its subscription can be called twice.
     */
    void forEachCandidate(String bikeId, Fix where, Consumer<LiveListener> action) {
        everyBike.forEach(action);
        Set<LiveListener> named = byBike.get(bikeId);
        if (named != null) {
            named.forEach(action);
        }
        if (where != null) {
            Set<LiveListener> inCell = byCell.get(cell(latIndex(where.latitude()), lonIndex(where.longitude())));
            if (inCell != null) {
                inCell.forEach(action);
            }
            wideBoxes.forEach(action);
        }
    }

    /** Listeners indexed, for tests and metrics. */
    int size() {
        return indexed.size();
    }

    private void index(LiveListener listener, Subscription subscription) {
        if (subscription instanceof Subscription.All) {
            everyBike.add(listener);
        } else if (subscription instanceof Subscription.Bikes bikes) {
            for (String id : bikes.bikeIds()) {
                byBike.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(listener);
            }
        } else if (subscription instanceof Subscription.Box box) {
            if (cells(box) > MAX_CELLS_PER_BOX) {
                wideBoxes.add(listener);
            } else {
                forEachCell(box, key -> byCell.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(listener));
            }
        } else if (subscription instanceof Subscription.Union union) {
            union.parts().forEach(part -> index(listener, part));
        }
    }

    private void unindex(LiveListener listener, Subscription subscription) {
        if (subscription instanceof Subscription.All) {
            everyBike.remove(listener);
        } else if (subscription instanceof Subscription.Bikes bikes) {
            for (String id : bikes.bikeIds()) {
                removeFrom(byBike, id, listener);
            }
        } else if (subscription instanceof Subscription.Box box) {
            if (cells(box) > MAX_CELLS_PER_BOX) {
                wideBoxes.remove(listener);
            } else {
                forEachCell(box, key -> removeFrom(byCell, key, listener));
            }
        } else if (subscription instanceof Subscription.Union union) {
            union.parts().forEach(part -> unindex(listener, part));
        }
    }

    /** Drops the bucket once empty, so bikes and cells nobody follows any more cost nothing. */
    private static <K> void removeFrom(Map<K, Set<LiveListener>> buckets, K key, LiveListener listener) {
        buckets.computeIfPresent(key, (k, set) -> {
            set.remove(listener);
            return set.isEmpty() ? null : set;
        });
    }

    private static long cells(Subscription.Box box) {
        return (long) (latIndex(box.maxLat()) - latIndex(box.minLat()) + 1)
                * (lonIndex(box.maxLon()) - lonIndex(box.minLon()) + 1);
    }

    private static void forEachCell(Subscription.Box box, Consumer<Long> action) {
        for (int lat = latIndex(box.minLat()); lat <= latIndex(box.maxLat()); lat++) {
            for (int lon = lonIndex(box.minLon()); lon <= lonIndex(box.maxLon()); lon++) {
                action.accept(cell(lat, lon));
            }
        }
    }

    private static int latIndex(double latitude) {
        return (int) Math.floor(latitude / CELL_DEGREES);
    }

    private static int lonIndex(double longitude) {
        return (int) Math.floor(longitude / CELL_DEGREES);
    }

    private static long cell(int latIndex, int lonIndex) {
        return ((long) latIndex << 32) | (lonIndex & 0xFFFF_FFFFL);
    }
}
