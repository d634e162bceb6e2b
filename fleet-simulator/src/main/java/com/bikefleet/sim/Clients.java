package com.bikefleet.sim;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;

/**
 * Tyrus clients, one per local source address, all on Tyrus' one shared Grizzly transport (a few
 * selector and worker threads for every connection). Spreading connections over several loopback
 * source addresses keeps each (source, destination) pair well inside its ephemeral port range.
 */
final class Clients {

    private final List<ClientManager> managers = new ArrayList<>();

    Clients(List<String> sourceAddresses) throws UnknownHostException {
        List<String> sources = sourceAddresses.isEmpty() ? List.of("") : sourceAddresses;
        for (String source : sources) {
            ClientManager client = ClientManager.createClient();
            client.getProperties().put(ClientProperties.SHARED_CONTAINER, true);
            if (!source.isEmpty()) {
                // Tyrus' Grizzly client binds the socket to this address before connecting.
                client.getProperties().put(ClientProperties.SOCKET_BINDING, InetAddress.getByName(source));
            }
            managers.add(client);
        }
    }

    /** The client for connection number {@code n}: round robin over the source addresses. */
    ClientManager forConnection(int n) {
        return managers.get(Math.floorMod(n, managers.size()));
    }

    void shutdown() {
        managers.forEach(ClientManager::shutdown);
    }
}
