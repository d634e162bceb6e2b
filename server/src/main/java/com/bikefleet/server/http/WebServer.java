package com.bikefleet.server.http;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import javax.net.ssl.SSLContext;
import org.glassfish.grizzly.ssl.SSLEngineConfigurator;
import org.glassfish.grizzly.strategies.WorkerThreadIOStrategy;
import org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn;

/**
 * One Grizzly listener on the configured address and port that serves both the WebSocket endpoints and
 * plain HTTP routes.
 */
public final class WebServer implements AutoCloseable {

    /** A plain HTTP handler mounted under a path prefix such as {@code /api}. */
    public record Route(String path, HttpHandler handler) {
    }

    private final HttpServer http;
    private final NetworkListener listener;
    private final EmbeddedTyrusContainer container;

    private WebServer(HttpServer http, NetworkListener listener, EmbeddedTyrusContainer container) {
        this.http = http;
        this.listener = listener;
        this.container = container;
    }

    /**
     * Binds and starts, with TLS when {@code tls} is not null. {@code upgradeFilters} are add-ons that insert filters in front of Tyrus', to
     * judge an upgrade request before Tyrus answers it. Port 0 takes a free port; {@link #port()} tells which.
     *
     * @throws UncheckedIOException when the address cannot be bound
     */
    public static WebServer start(String bindAddress, int port, int readBufferBytes, long idleTimeoutMillis,
                                  SSLContext tls,
                                  List<ServerEndpointConfig> endpoints, List<AddOn> upgradeFilters,
                                  List<Route> routes) {
        EmbeddedTyrusContainer container = new EmbeddedTyrusContainer(readBufferBytes);
        // Sessions must start with the real idle timeout: Tyrus schedules its idle check when a session
        // is created, and with the default of 0 that check runs at once and, racing an endpoint that sets
        // a timeout in onOpen, closes the brand-new session "because of the idle timeout".
        container.setDefaultMaxSessionIdleTimeout(idleTimeoutMillis);
        try {
            for (ServerEndpointConfig endpoint : endpoints) {
                container.register(endpoint);
            }
        } catch (DeploymentException e) {
            throw new IllegalStateException("cannot deploy WebSocket endpoints: " + e.getMessage(), e);
        }
        container.doneDeployment();

        HttpServer http = new HttpServer();
        NetworkListener listener = new NetworkListener("bikefleet", bindAddress, port);
        if (tls != null) {
            // wss:// and https:// on the same port; clients need no certificate of their own.
            listener.setSecure(true);
            listener.setSSLEngineConfig(new SSLEngineConfigurator(tls, false, false, false));
        }
        // Handlers write to SQLite, so they must not run on the selector threads.
        listener.getTransport().setIOStrategy(WorkerThreadIOStrategy.getInstance());
        // WebSocket connections live for hours; their liveness is the protocol's business, not HTTP's.
        listener.getKeepAlive().setIdleTimeoutInSeconds(-1);
        listener.registerAddOn(new WebSocketAddOn(container, ""));
        // Registered after Tyrus' add-on so that they can place themselves in front of its filter.
        upgradeFilters.forEach(listener::registerAddOn);
        http.addListener(listener);
        for (Route route : routes) {
            http.getServerConfiguration().addHttpHandler(route.handler(), route.path());
        }
        try {
            http.start();
        } catch (IOException e) {
            container.stop();
            throw new UncheckedIOException("cannot listen on " + bindAddress + ":" + port + ": " + e.getMessage(), e);
        }
        return new WebServer(http, listener, container);
    }

    /** The port actually bound. */
    public int port() {
        return listener.getPort();
    }

    @Override
    public void close() {
        http.shutdownNow();
        container.stop();
    }
}
