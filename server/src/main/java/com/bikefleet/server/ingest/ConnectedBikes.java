package com.bikefleet.server.ingest;

import com.bikefleet.model.protocol.Command;
import com.bikefleet.model.protocol.ProtocolCodes;
import com.bikefleet.server.command.CommandSender;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The one live connection of each bike; a newer connection of the same bike takes over. */
public final class ConnectedBikes implements CommandSender {

    private final ConcurrentMap<String, BikeConnection> byBike = new ConcurrentHashMap<>();

    /** Registers the connection and returns the one it replaced, or null. */
    BikeConnection register(BikeConnection connection) {
        return byBike.put(connection.bikeId(), connection);
    }

    /** Removes the connection unless a newer one has already replaced it; true when it was removed. */
    boolean unregister(BikeConnection connection) {
        return byBike.remove(connection.bikeId(), connection);
    }

    /** Connected and past its hello. */
    public boolean isOnline(String bikeId) {
        BikeConnection connection = byBike.get(bikeId);
        return connection != null && connection.helloDone();
    }

    @Override
    public boolean send(String bikeId, Command command) {
        BikeConnection connection = byBike.get(bikeId);
        if (connection == null || !connection.helloDone()) {
            return false;
        }
        connection.send(command);
        return true;
    }

    /** Bikes connected here and past their hello, for the presence roster. */
    public List<String> onlineBikes() {
        List<String> online = new ArrayList<>();
        byBike.forEach((bikeId, connection) -> {
            if (connection.helloDone()) {
                online.add(bikeId);
            }
        });
        return online;
    }

    /** The bike connected to another instance since: close this instance's connection (4001). */
    public void closeReplaced(String bikeId) {
        BikeConnection connection = byBike.get(bikeId);
        if (connection != null) {
            connection.close(ProtocolCodes.REPLACED, "a newer connection of this bike took over on another server");
        }
    }

    public int count() {
        return byBike.size();
    }
}
