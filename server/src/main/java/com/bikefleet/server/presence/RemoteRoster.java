package com.bikefleet.server.presence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The bikes other instances hold, as this instance has heard: kept up to date by their online/offline
 * messages, corrected by the roster each sends periodically, and forgotten for an instance that has not
 * sent one within the TTL (it died or lost Redis), so its bikes are neither shown online for ever nor twice.
 *
 * <p>Guarded by this: Lettuce's I/O thread, the presence timer and handshake threads all use it, briefly.
 */
public final class RemoteRoster {

    /** What a change did: bikes that went online or offline as far as this roster can tell. */
    public record Change(List<String> online, List<String> offline) {
        static final Change NONE = new Change(List.of(), List.of());
    }

    private static final class Instance {
        final Set<String> bikes = new HashSet<>();
        long heardAtNanos;
    }

    private final Map<String, Instance> instances = new HashMap<>();
    private final LongSupplier nanoTime;
    private final long ttlNanos;

    public RemoteRoster(LongSupplier nanoTime, java.time.Duration ttl) {
        this.nanoTime = nanoTime;
        this.ttlNanos = ttl.toNanos();
    }

    /** The instance reports the bike online; true when no other instance was known to hold it. */
    public synchronized boolean online(String instanceId, String bikeId) {
        boolean knownElsewhere = holder(bikeId) != null;
        // The newest connection wins: nobody else holds it now.
        instances.values().forEach(instance -> instance.bikes.remove(bikeId));
        instance(instanceId).bikes.add(bikeId);
        return !knownElsewhere;
    }

    /** The instance reports the bike offline; true when no other instance holds it either. */
    public synchronized boolean offline(String instanceId, String bikeId) {
        Instance instance = instances.get(instanceId);
        if (instance != null) {
            instance.bikes.remove(bikeId);
            instance.heardAtNanos = nanoTime.getAsLong();
        }
        return holder(bikeId) == null;
    }

    /** This instance took the bike: no other holds it any more. */
    public synchronized void heldHere(String bikeId) {
        instances.values().forEach(instance -> instance.bikes.remove(bikeId));
    }

    /** An instance's full list; returns what it added and what it no longer holds. */
    public synchronized Change roster(String instanceId, List<String> bikes) {
        Instance instance = instance(instanceId);
        Set<String> fresh = new HashSet<>(bikes);
        List<String> gone = new ArrayList<>();
        for (String bike : instance.bikes) {
            if (!fresh.contains(bike)) {
                gone.add(bike);
            }
        }
        List<String> added = new ArrayList<>();
        for (String bike : fresh) {
            if (!instance.bikes.contains(bike)) {
                added.add(bike);
            }
        }
        instance.bikes.clear();
        instance.bikes.addAll(fresh);
        return new Change(added, gone.stream().filter(bike -> holder(bike) == null).toList());
    }

    /** Forgets instances silent for longer than the TTL; returns the bikes no one holds any more. */
    public synchronized List<String> expire() {
        long now = nanoTime.getAsLong();
        List<String> orphans = new ArrayList<>();
        instances.entrySet().removeIf(entry -> {
            if (now - entry.getValue().heardAtNanos <= ttlNanos) {
                return false;
            }
            orphans.addAll(entry.getValue().bikes);
            return true;
        });
        return orphans.stream().filter(bike -> holder(bike) == null).toList();
    }

    /** The other instance holding the bike, or null. */
    public synchronized String holder(String bikeId) {
        for (Map.Entry<String, Instance> entry : instances.entrySet()) {
            if (entry.getValue().bikes.contains(bikeId)) {
                return entry.getKey();
            }
        }
        return null;
    }

    /** Bikes other instances hold, for metrics. */
    public synchronized int size() {
        return instances.values().stream().mapToInt(instance -> instance.bikes.size()).sum();
    }

    private Instance instance(String instanceId) {
        Instance instance = instances.computeIfAbsent(instanceId, id -> new Instance());
        instance.heardAtNanos = nanoTime.getAsLong();
        return instance;
    }
}
