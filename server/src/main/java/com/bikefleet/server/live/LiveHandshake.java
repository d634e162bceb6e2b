package com.bikefleet.server.live;

import jakarta.websocket.server.ServerEndpointConfig;
import java.util.function.Supplier;

/** Makes one {@link LiveEndpoint} per connection; authentication happened earlier, in the Grizzly filter. */
final class LiveHandshake extends ServerEndpointConfig.Configurator {

    private final Supplier<LiveEndpoint> endpoints;

    LiveHandshake(Supplier<LiveEndpoint> endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) {
        return endpointClass.cast(endpoints.get());
    }
}
