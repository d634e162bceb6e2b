package com.bikefleet.server.store.sqlite;

import com.bikefleet.model.Fix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live fixes held in {@code fix_arrivals} and not yet merged into {@code fix_history}, kept in memory by
 * bike: so a fix can be told a duplicate of one there without an index on that table (an index would scatter
 * each commit's writes over many pages again, which is what the table is for avoiding), and so a merge can
 * write them bike by bike without reading them back.
 *
 * <p>Owned by the store's committer thread, except {@link #highestSeq}, which any thread may read: an outbox
 * leaves it only after its fixes were committed to the history table, so a reader that asks it first and the
 * history table second cannot miss a fix being merged between the two.
 */
final class FixArrivals {

    /** One fix in the arrivals table; {@code n} is its row's place in arrival order. */
    record Arrival(long n, String outboxId, long seq, Fix fix, long receivedAt) {
    }

    private record Key(String bikeId, String outboxId, long seq) {
    }

    // Committed arrivals per bike, each list in arrival (n) order; bikes in id order, the order a merge writes.
    private final TreeMap<String, List<Arrival>> byBike = new TreeMap<>();
    // Added in the open transaction, by bike in arrival order: committed or forgotten with it.
    private final Map<String, List<Arrival>> uncommittedByBike = new HashMap<>();
    private int uncommitted;
    // Every arrival above, committed or not, by its key: the duplicate check asks for each fix it writes, and
    // a profile of a reconnect storm found a quarter of the committer's time scanning bikes' lists for it.
    private final Map<Key, Fix> byKey = new HashMap<>();
    private final Map<String, Long> highest = new ConcurrentHashMap<>();
    // Each bike's committed arrivals as an immutable copy, for readers on other threads (track pages).
    private final Map<String, List<Arrival>> published = new ConcurrentHashMap<>();
    private long lastN;
    // Written by the committer; read by any thread (ArrivalMerge.full).
    private volatile int committed;

    /** @param lastN the highest {@code n} the arrivals table holds (0 when empty) */
    FixArrivals(long lastN) {
        this.lastN = lastN;
    }

    /** The fix held in arrivals (committed or in the open transaction) under this key, or null. */
    Fix find(String bikeId, String outboxId, long seq) {
        return byKey.get(new Key(bikeId, outboxId, seq));
    }

    /** A fix inserted into arrivals in the open transaction; returns it with its {@code n}. */
    Arrival add(String bikeId, String outboxId, long seq, Fix fix, long receivedAt) {
        Arrival arrival = new Arrival(++lastN, outboxId, seq, fix, receivedAt);
        uncommitted++;
        uncommittedByBike.computeIfAbsent(bikeId, id -> new ArrayList<>(2)).add(arrival);
        byKey.put(new Key(bikeId, outboxId, seq), fix);
        // Before the commit: a hello read between the commit and committed() must not miss it. If the
        // transaction rolls back, a bike is told a seq it never stored, and only numbers above it: harmless.
        highest.merge(key(bikeId, outboxId), seq, Math::max);
        return arrival;
    }

    /** One already in the table, as at startup: committed. */
    void restore(String bikeId, Arrival arrival) {
        lastN = Math.max(lastN, arrival.n());
        uncommitted++;
        uncommittedByBike.computeIfAbsent(bikeId, id -> new ArrayList<>(2)).add(arrival);
        byKey.put(new Key(bikeId, arrival.outboxId(), arrival.seq()), arrival.fix());
        highest.merge(key(bikeId, arrival.outboxId()), arrival.seq(), Math::max);
        committed();
    }

    /** The open transaction committed. */
    void committed() {
        for (Map.Entry<String, List<Arrival>> bike : uncommittedByBike.entrySet()) {
            byBike.computeIfAbsent(bike.getKey(), id -> new ArrayList<>()).addAll(bike.getValue());
            publish(bike.getKey());
        }
        committed += uncommitted;
        uncommitted = 0;
        uncommittedByBike.clear();
    }

    /** The open transaction rolled back: what it added was never there. */
    void rolledBack() {
        for (Map.Entry<String, List<Arrival>> bike : uncommittedByBike.entrySet()) {
            for (Arrival arrival : bike.getValue()) {
                byKey.remove(new Key(bike.getKey(), arrival.outboxId(), arrival.seq()));
            }
        }
        lastN -= uncommitted;
        uncommitted = 0;
        uncommittedByBike.clear();
    }

    /** Committed fixes not merged yet. */
    int size() {
        return committed;
    }

    /** The {@code n} of the last committed arrival: a merge round takes everything up to it. */
    long lastCommittedN() {
        return lastN - uncommitted;
    }

    /** The lowest {@code n} of a committed arrival, or the next one to come when there is none. */
    long firstCommittedN() {
        long first = lastCommittedN() + 1;
        for (List<Arrival> arrivals : byBike.values()) {
            first = Math.min(first, arrivals.get(0).n());
        }
        return first;
    }

    /** Bikes with committed arrivals, in id order (a copy: arrivals may come while a round goes on). */
    List<String> bikes() {
        return new ArrayList<>(byBike.keySet());
    }

    /** A bike's committed arrivals up to {@code upToN}, in arrival order. */
    List<Arrival> of(String bikeId, long upToN) {
        List<Arrival> arrivals = byBike.get(bikeId);
        if (arrivals == null) {
            return List.of();
        }
        int end = 0;
        while (end < arrivals.size() && arrivals.get(end).n() <= upToN) {
            end++;
        }
        return arrivals.subList(0, end);
    }

    /**
     * Everything up to {@code upToN} is in the history table and gone from arrivals. An outbox none of whose
     * fixes is left here is forgotten by {@link #highestSeq} too (the history table answers for it now), so
     * a bike that makes up a new outbox id on every hello does not grow this without bound.
     */
    void merged(long upToN) {
        for (Iterator<Map.Entry<String, List<Arrival>>> bikes = byBike.entrySet().iterator(); bikes.hasNext(); ) {
            Map.Entry<String, List<Arrival>> bike = bikes.next();
            List<Arrival> arrivals = bike.getValue();
            int end = 0;
            while (end < arrivals.size() && arrivals.get(end).n() <= upToN) {
                end++;
            }
            if (end == 0) {
                continue;
            }
            Set<String> outboxes = new HashSet<>();
            for (Arrival merged : arrivals.subList(0, end)) {
                outboxes.add(merged.outboxId());
                byKey.remove(new Key(bike.getKey(), merged.outboxId(), merged.seq()));
            }
            committed -= end;
            arrivals.subList(0, end).clear();
            for (Arrival left : arrivals) {
                outboxes.remove(left.outboxId());
            }
            for (String outboxId : outboxes) {
                highest.remove(key(bike.getKey(), outboxId));
            }
            if (arrivals.isEmpty()) {
                bikes.remove();
                published.remove(bike.getKey());
            } else {
                publish(bike.getKey());
            }
        }
    }

    /**
     * A bike's committed arrivals, from any thread. A reader that takes these before it queries the history
     * table sees every committed fix in one or the other (a round lets go of its fixes here only after they
     * were committed there), some in both.
     */
    List<Arrival> published(String bikeId) {
        return published.getOrDefault(bikeId, List.of());
    }

    private void publish(String bikeId) {
        published.put(bikeId, List.copyOf(byBike.get(bikeId)));
    }

    /** The highest seq of this outbox held in arrivals, 0 if none; read before the history table (see above). */
    long highestSeq(String bikeId, String outboxId) {
        return highest.getOrDefault(key(bikeId, outboxId), 0L);
    }

    private static String key(String bikeId, String outboxId) {
        // A bike id cannot hold a line break (ids are checked at provisioning), so the pair cannot collide.
        return bikeId + '\n' + outboxId;
    }
}
