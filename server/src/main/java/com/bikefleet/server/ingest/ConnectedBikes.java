package com.bikefleet.server.ingest;

import com.bikefleet.model.protocol.Command;
import com.bikefleet.model.protocol.ProtocolCodes;
import com.bikefleet.server.command.CommandSender;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The one live connection of each bike; a newer connection of the same bike takes over. Newer means admitted
 * later at the upgrade ({@link BikeConnection#admission()}), not opened later: Tyrus runs onOpen after it has
 * written the 101, on whichever worker thread has the connection, so two connections' onOpen may run in
 * either order. It can even open a second session on a connection whose first session it has just closed,
 * from that connection's original upgrade request (GrizzlyServerFilter takes a read it no longer has a
 * WebSocket for as a handshake): that session carries the old connection's admission and must not take
 * over from the bike's newer connection.
 */
public final class ConnectedBikes implements CommandSender {

    private final ConcurrentMap<String, BikeConnection> byBike = new ConcurrentHashMap<>();

    /**
     * Registers the connection unless one admitted later is already registered. Returns the connection that
     * lost, to be closed as replaced: the one registered before, or {@code connection} itself; null when the
     * bike had none.
     */
    BikeConnection register(BikeConnection connection) {
        BikeConnection[] loser = new BikeConnection[1];
        byBike.compute(connection.bikeId(), (bikeId, current) -> {
            if (current != null && current.admission() > connection.admission()) {
                loser[0] = connection;
                return current;
            }
            loser[0] = current;
            return connection;
        });
        return loser[0];
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
