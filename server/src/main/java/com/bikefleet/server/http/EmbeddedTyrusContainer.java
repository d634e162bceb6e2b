package com.bikefleet.server.http;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

/**
 * The Tyrus container without a server of its own: {@link WebServer} mounts its engine on a Grizzly
 * listener that we build, because Tyrus' own {@code Server} binds 0.0.0.0 whatever address it is given.
 */
final class EmbeddedTyrusContainer extends TyrusServerContainer {

    private final TyrusWebSocketEngine engine;

    /**
     * @param readBufferBytes Tyrus' read buffer per connection; a frame that overflows it fails with 1011,
     *     so it must exceed the per-session message limit, which fails cleanly with 1009
     */
    EmbeddedTyrusContainer(int readBufferBytes) {
        super((java.util.Set<Class<?>>) null);
        this.engine = TyrusWebSocketEngine.builder(this).incomingBufferSize(readBufferBytes).build();
    }

    @Override
    public void register(Class<?> endpointClass) throws DeploymentException {
        engine.register(endpointClass, "");
    }

    @Override
    public void register(ServerEndpointConfig config) throws DeploymentException {
        engine.register(config, "");
    }

    @Override
    public java.util.Map<String, Object> getProperties() {
        return java.util.Map.of();
    }

    @Override
    public WebSocketEngine getWebSocketEngine() {
        return engine;
    }
}
