package com.bikefleet.agent.sdk;

import org.glassfish.tyrus.client.ClientManager;

/**
 * One WebSocket client, with its I/O threads, for several agents in one JVM
 * ({@link BikeAgent.Builder#sharedClient}); the WebSocket library behind it stays out of the SDK's API.
 * Each agent applies its TLS trust to the client it uses, so agents that share one must trust the same
 * certificate authorities.
 */
public final class SharedClient {

    private final ClientManager client = ClientManager.createClient();

    private SharedClient() {
    }

    public static SharedClient create() {
        return new SharedClient();
    }

    ClientManager client() {
        return client;
    }
}
