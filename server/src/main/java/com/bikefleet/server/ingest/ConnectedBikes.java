package com.bikefleet.server.ingest;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The one live connection of each bike; a newer connection of the same bike takes over. */
public final class ConnectedBikes {

    private final ConcurrentMap<String, BikeConnection> byBike = new ConcurrentHashMap<>();

    /** Registers the connection and returns the one it replaced, or null. */
    BikeConnection register(BikeConnection connection) {
        return byBike.put(connection.bikeId(), connection);
    }

    /** Removes the connection unless a newer one has already replaced it. */
    void unregister(BikeConnection connection) {
        byBike.remove(connection.bikeId(), connection);
    }

    public boolean isOnline(String bikeId) {
        return byBike.containsKey(bikeId);
    }

    public int count() {
        return byBike.size();
    }

    Collection<BikeConnection> all() {
        return byBike.values();
    }
}
