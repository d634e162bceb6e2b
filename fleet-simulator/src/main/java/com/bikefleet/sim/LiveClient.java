package com.bikefleet.sim;

import com.bikefleet.model.retry.Backoff;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.glassfish.tyrus.client.ClientManager;
import org.tinylog.Logger;

/**
 * One listening app or dashboard on {@code /ws/live}: subscribes, counts each position update of the
 * simulator's own bikes and records how long after its report it arrived (fix time to receipt, on this
 * machine's wall clock). Reconnects with the agent's {@link Backoff} when the server goes away.
 *
 * <p>Threads: Tyrus calls back on its threads; reconnects are scheduled on the shared scheduler and
 * connect on the shared connector pool. The backoff is touched only under this object's lock.
 */
final class LiveClient {

    private final URI endpoint;
    private final String apiToken;
    private final String subscribe;
    private final Set<String> ownBikes;
    private final ClientManager client;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService connector;
    private final Backoff backoff;
    private final FleetStats stats;
    private final Clock clock;
    private final UpdatesParser parser = new UpdatesParser();
    private volatile boolean closed;
    private volatile boolean measuring;
    private volatile long measuringSince = Long.MAX_VALUE;
    private volatile Session session;
    private boolean connectedOnce;

    LiveClient(URI endpoint, String apiToken, String subscribe, Set<String> ownBikes, ClientManager client,
               ScheduledExecutorService scheduler, ExecutorService connector, Backoff backoff, FleetStats stats,
               Clock clock) {
        this.endpoint = endpoint;
        this.apiToken = apiToken;
        this.subscribe = subscribe;
        this.ownBikes = ownBikes;
        this.client = client;
        this.scheduler = scheduler;
        this.connector = connector;
        this.backoff = backoff;
        this.stats = stats;
        this.clock = clock;
    }

    /** The subscribe message of an app following the bikes in a box. */
    static String boxSubscription(double[] box) {
        return String.format(java.util.Locale.ROOT, "{\"type\":\"subscribe\",\"bbox\":[%.6f,%.6f,%.6f,%.6f]}",
                box[0], box[1], box[2], box[3]);
    }

    static String allSubscription() {
        return "{\"type\":\"subscribe\",\"all\":true}";
    }

    void start() {
        connector.execute(this::connect);
    }

    void measuring(boolean on) {
        if (on) {
            measuringSince = clock.millis();
        }
        measuring = on;
    }

    private void connect() {
        if (closed) {
            return;
        }
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
                .configurator(new ClientEndpointConfig.Configurator() {
                    @Override
                    public void beforeRequest(Map<String, List<String>> headers) {
                        headers.put("Authorization", List.of("Bearer " + apiToken));
                    }
                })
                .build();
        try {
            client.connectToServer(new Listener(), config, endpoint);
        } catch (Exception e) {
            Logger.debug("Listener connect failed: {}", e.toString());
            retry();
        }
    }

    private void retry() {
        if (closed) {
            return;
        }
        long delay;
        synchronized (this) {
            delay = backoff.nextDelay().toMillis();
        }
        scheduler.schedule(() -> connector.execute(this::connect), delay, TimeUnit.MILLISECONDS);
    }

    void close() {
        closed = true;
        Session s = session;
        if (s != null) {
            try {
                s.close();
            } catch (IOException | RuntimeException e) {
                Logger.debug("Closing a listener failed: {}", e.toString());
            }
        }
    }

    private void onFrame(String frame) {
        long nowMicros = VirtualBike.micros(clock.instant());
        try {
            parser.parse(frame, (bikeId, fixTimeMillis) -> {
                if (ownBikes.contains(bikeId)) {
                    stats.delivered.increment();
                    // A fix reported before measuring began (a bike's first, sent when it connected) does not count.
                    if (measuring && fixTimeMillis >= measuringSince) {
                        stats.listenerLatencyMicros(nowMicros - fixTimeMillis * 1000);
                    }
                }
            });
        } catch (IOException | RuntimeException e) {
            stats.listenerErrors.increment();
            Logger.warn("A live frame could not be read: {}", e.toString());
        }
    }

    private final class Listener extends Endpoint {
        @Override
        public void onOpen(Session s, EndpointConfig config) {
            session = s;
            synchronized (LiveClient.this) {
                if (connectedOnce) {
                    stats.listenerReconnects.increment();
                }
                connectedOnce = true;
                backoff.reset();
            }
            stats.connectedListeners.incrementAndGet();
            s.addMessageHandler(String.class, (MessageHandler.Whole<String>) LiveClient.this::onFrame);
            s.getAsyncRemote().sendText(subscribe);
        }

        @Override
        public void onClose(Session s, CloseReason reason) {
            stats.connectedListeners.decrementAndGet();
            if (reason.getCloseCode().getCode() != CloseReason.CloseCodes.NORMAL_CLOSURE.getCode() || !closed) {
                Logger.debug("Listener closed: {}", reason);
            }
            retry();
        }

        @Override
        public void onError(Session s, Throwable failure) {
            Logger.debug("Listener error: {}", failure.toString());
        }
    }
}
