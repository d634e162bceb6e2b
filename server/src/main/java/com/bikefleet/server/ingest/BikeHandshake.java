package com.bikefleet.server.ingest;

import jakarta.websocket.server.ServerEndpointConfig;
import java.util.function.Supplier;

/**
 * Makes one {@link BikeEndpoint} per connection with its collaborators injected. Authentication happens
 * earlier, in {@link BikeUpgradeGuard}, because Tyrus cannot refuse an upgrade cleanly.
 */
final class BikeHandshake extends ServerEndpointConfig.Configurator {

    private final Supplier<BikeEndpoint> endpoints;

    BikeHandshake(Supplier<BikeEndpoint> endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) {
        return endpointClass.cast(endpoints.get());
    }
}
