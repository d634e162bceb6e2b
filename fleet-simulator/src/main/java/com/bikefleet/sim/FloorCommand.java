package com.bikefleet.sim;

import com.bikefleet.model.protocol.Ack;
import com.bikefleet.model.protocol.Hello;
import com.bikefleet.model.protocol.Message;
import com.bikefleet.model.protocol.MessageCodec;
import com.bikefleet.model.protocol.OutboxState;
import com.bikefleet.model.protocol.Positions;
import com.bikefleet.model.protocol.ProtocolException;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.strategies.SameThreadIOStrategy;
import org.glassfish.grizzly.strategies.WorkerThreadIOStrategy;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The floor: what the server's WebSocket stack alone costs. A Grizzly listener with Tyrus' add-on set up as
 * the server's {@code WebServer} sets up its own (worker-thread I/O strategy, 64 KiB reads, no keep-alive
 * timer, the same incoming buffer), serving {@code /ws/bikes/{bikeId}} with no authentication, store or
 * fan-out: each frame is decoded with the protocol's {@link MessageCodec} (Gson's streaming reader, as the
 * server does), a hello is answered with an empty {@code outboxState}, a positions batch with an ack of its
 * highest seq. {@code /ws/live} takes listeners and sends them nothing. {@code /metrics} counts the bikes
 * connected, so the simulator's {@code --expect-bikes} works. A benchmark run against it and against the
 * server on the same machine gives the server's cost as a ratio to the framework's.
 */
@Command(name = "floor", mixinStandardHelpOptions = true, description = {
        "A bare bike endpoint on the server's Tyrus/Grizzly stack: decode, ack, nothing else (the bench's floor).",
        "Prints 'Listening on http://ADDRESS:PORT' once it listens; runs until killed."})
final class FloorCommand implements Callable<Integer> {

    /** As the server's WebServer: the most one socket read hands on. */
    private static final int READ_BYTES = 64 * 1024;
    /** As the server: ingest.max-frame-bytes' default plus a frame header and two reads (see WebServer). */
    private static final int INCOMING_BUFFER = 262_144 + 14 + 2 * READ_BYTES;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--port", defaultValue = "0", description = "Port (default: any free one).")
    int port;

    /** How Grizzly runs a connection's reads, to measure the stack's configuration against the server's. */
    enum Strategy { WORKER, SAME }

    @Option(names = "--io-strategy", defaultValue = "WORKER", description = {
            "WORKER (as the server: reads handed from the selector threads to a worker pool) or SAME (handled on",
            "the selector thread that read them; the server cannot, its handshakes read SQLite)."})
    Strategy strategy;

    @Option(names = "--workers", defaultValue = "0",
            description = "Worker threads (default 0: Grizzly's own choice, as the server).")
    int workers;

    @Option(names = "--selectors", defaultValue = "0",
            description = "Selector threads (default 0: Grizzly's own choice, as the server).")
    int selectors;

    static final LongAdder FRAMES = new LongAdder();
    static final AtomicLong BIKES = new AtomicLong();
    static final AtomicLong LISTENERS = new AtomicLong();
    private static final MessageCodec CODEC = new MessageCodec();

    @Override
    public Integer call() throws Exception {
        HttpServer http = start(bind, port, strategy, workers, selectors);
        System.out.println("Listening on http://" + bind + ":" + http.getListener("floor").getPort());
        new CountDownLatch(1).await();
        return 0;
    }

    static HttpServer start(String bind, int port) throws java.io.IOException, DeploymentException {
        return start(bind, port, Strategy.WORKER, 0, 0);
    }

    static HttpServer start(String bind, int port, Strategy strategy, int workers, int selectors)
            throws java.io.IOException, DeploymentException {
        Container container = new Container();
        container.setDefaultMaxSessionIdleTimeout(120_000);
        container.register(ServerEndpointConfig.Builder.create(BikeFloor.class, "/ws/bikes/{bikeId}").build());
        container.register(ServerEndpointConfig.Builder.create(LiveFloor.class, "/ws/live").build());
        container.doneDeployment();
        HttpServer http = new HttpServer();
        NetworkListener listener = new NetworkListener("floor", bind, port);
        listener.getTransport().setIOStrategy(strategy == Strategy.SAME
                ? SameThreadIOStrategy.getInstance() : WorkerThreadIOStrategy.getInstance());
        if (workers > 0) {
            listener.getTransport().setWorkerThreadPoolConfig(
                    ThreadPoolConfig.defaultConfig().setCorePoolSize(workers).setMaxPoolSize(workers));
        }
        if (selectors > 0) {
            listener.getTransport().setSelectorRunnersCount(selectors);
        }
        listener.getTransport().setReadBufferSize(READ_BYTES);
        listener.getKeepAlive().setIdleTimeoutInSeconds(-1);
        listener.registerAddOn(new WebSocketAddOn(container, ""));
        http.addListener(listener);
        http.getServerConfiguration().addHttpHandler(new HttpHandler() {
            @Override
            public void service(Request request, Response response) throws Exception {
                response.setContentType("text/plain; version=0.0.4");
                byte[] body = ("bikefleet_connected_bikes " + BIKES.get() + "\nbikefleet_listeners " + LISTENERS.get()
                        + "\nbikefleet_floor_frames_total " + FRAMES.sum() + "\n").getBytes(StandardCharsets.UTF_8);
                response.setContentLength(body.length);
                response.getOutputStream().write(body);
            }
        }, "/metrics");
        http.start();
        return http;
    }

    /** Tyrus' server container without a server of its own, as the server's EmbeddedTyrusContainer. */
    private static final class Container extends TyrusServerContainer {
        private final TyrusWebSocketEngine engine;

        Container() {
            super((java.util.Set<Class<?>>) null);
            engine = TyrusWebSocketEngine.builder(this).incomingBufferSize(INCOMING_BUFFER).build();
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

    /** One bike: decode, answer, nothing else. Frames of one session come one at a time. */
    public static final class BikeFloor extends Endpoint {
        private long highest;

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            BIKES.incrementAndGet();
            session.setMaxTextMessageBufferSize(262_144);
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) frame -> frame(session, frame));
        }

        private void frame(Session session, String frame) {
            FRAMES.increment();
            Message message;
            try {
                message = CODEC.decode(frame);
            } catch (ProtocolException e) {
                return;
            }
            if (message instanceof Positions p && !p.positions().isEmpty()) {
                highest = Math.max(highest, p.positions().get(p.positions().size() - 1).seq());
                session.getAsyncRemote().sendText(CODEC.encode(new Ack(highest)));
            } else if (message instanceof Hello h) {
                highest = h.floor();
                session.getAsyncRemote().sendText(CODEC.encode(new OutboxState(h.outboxId(), 0, 0)));
            }
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            BIKES.decrementAndGet();
        }
    }

    /** A listener: taken, never sent anything. */
    public static final class LiveFloor extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            LISTENERS.incrementAndGet();
            // As the server's: a listener sends nothing after subscribing, so it must not idle out.
            session.setMaxIdleTimeout(0);
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) frame -> FRAMES.increment());
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            LISTENERS.decrementAndGet();
        }
    }
}
