package com.bikefleet.server.http;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
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

    /** The most one socket read hands on; bounds what Tyrus must buffer beyond one frame. */
    static final int READ_BYTES = 64 * 1024;
    private static final int MAX_FRAME_HEADER = 14;

    private final HttpServer http;
    private final NetworkListener listener;
    private final EmbeddedTyrusContainer container;

    private final ConnectionDeadlines deadlines;
    private final UpgradeGate gate;

    private WebServer(HttpServer http, NetworkListener listener, EmbeddedTyrusContainer container,
                      ConnectionDeadlines deadlines, UpgradeGate gate) {
        this.http = http;
        this.listener = listener;
        this.container = container;
        this.deadlines = deadlines;
        this.gate = gate;
    }

    /** Connections closed so far for not finishing a request head in time. */
    public long connectionsTimedOut() {
        return deadlines.closedCount();
    }

    /** Upgrade requests refused for their path (400 not canonical, 404 not served). */
    public long upgradesRefusedForPath() {
        return gate.refusedPaths();
    }

    /** WebSocket connections closed for a frame their endpoint does not take (1009, 1002, 1003). */
    public long framesRefused() {
        return gate.framesRefused();
    }

    /**
     * Binds and starts, with TLS when {@code tls} is not null. Every upgrade request passes the
     * {@link UpgradeGate}, which admits it only through the guard of the endpoint that serves its path.
     * Port 0 takes a free port; {@link #port()} tells which.
     *
     * @throws UncheckedIOException when the address cannot be bound
     */
    public static WebServer start(String bindAddress, int port, long idleTimeoutMillis, SSLContext tls,
                                  HttpTimeouts timeouts, List<ServerEndpointConfig> endpoints,
                                  List<UpgradeGuard> guards, List<Route> routes) {
        int largestFrame = guards.stream().mapToInt(UpgradeGuard::maxFrameBytes).max().orElse(0);
        // Tyrus keeps a connection's unparsed bytes in one buffer and fails with 1011 when a read does not fit.
        // What it holds is at most one incomplete frame (the gate refuses larger ones at their header) plus
        // one read, so with reads bounded this size takes any run of frames within the limit.
        EmbeddedTyrusContainer container = new EmbeddedTyrusContainer(largestFrame + MAX_FRAME_HEADER + 2 * READ_BYTES);
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
        listener.getTransport().setReadBufferSize(READ_BYTES);
        // WebSocket connections live for hours; their liveness is the protocol's business, and a connection
        // that is not one yet has the deadlines of HttpTimeouts, which Grizzly's keep-alive timer does not cover.
        listener.getKeepAlive().setIdleTimeoutInSeconds(-1);
        listener.registerAddOn(new WebSocketAddOn(container, ""));
        ConnectionDeadlines deadlines = new ConnectionDeadlines(timeouts);
        UpgradeGate gate = new UpgradeGate(guards, deadlines);
        // Registered after Tyrus' add-on so that it can place its filters in front of Tyrus'.
        listener.registerAddOn(new UpgradeGateAddOn(deadlines, gate));
        http.addListener(listener);
        // Error pages say what went wrong, not which server software and version answered.
        http.getServerConfiguration().setHttpServerName("bike-server");
        http.getServerConfiguration().setHttpServerVersion("");
        http.getServerConfiguration().setDefaultErrorPageGenerator(new JsonErrorPages());
        for (Route route : routes) {
            http.getServerConfiguration().addHttpHandler(route.handler(), route.path());
        }
        try {
            http.start();
        } catch (IOException e) {
            deadlines.close();
            container.stop();
            throw new UncheckedIOException("cannot listen on " + bindAddress + ":" + port + ": " + e.getMessage(), e);
        }
        return new WebServer(http, listener, container, deadlines, gate);
    }

    /** The port actually bound. */
    public int port() {
        return listener.getPort();
    }

    @Override
    public void close() {
        http.shutdownNow();
        container.stop();
        deadlines.close();
    }
}
