package com.bikefleet.server.http;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

/**
 * The Tyrus container without a server of its own: {@link WebServer} mounts its engine on a Grizzly
 * listener that we build, because Tyrus' own {@code Server} binds 0.0.0.0 whatever address it is given.
 */
final class EmbeddedTyrusContainer extends TyrusServerContainer {

    private final TyrusWebSocketEngine engine;
    // Tyrus restarts a session's idle timeout on every message it reads: it cancels the scheduled task and
    // schedules a new one. The default executor keeps a cancelled task queued until its delay runs out, so at
    // 10,000 messages a second with the idle timeout's minutes of delay it held 600,000 of them, and their
    // sessions' objects, and the server spent a core collecting garbage. This one removes them on cancel.
    private final ScheduledThreadPoolExecutor timers = timers();

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

    private static ScheduledThreadPoolExecutor timers() {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "tyrus-timers");
            thread.setDaemon(true);
            return thread;
        });
        timers.setRemoveOnCancelPolicy(true);
        return timers;
    }

    @Override
    public ScheduledExecutorService getScheduledExecutorService() {
        return timers;
    }

    @Override
    public void stop() {
        super.stop();
        timers.shutdownNow();
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
