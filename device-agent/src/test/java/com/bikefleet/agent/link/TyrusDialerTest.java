package com.bikefleet.agent.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.bikefleet.agent.outbox.Outbox;
import com.bikefleet.agent.outbox.OutboxSettings;
import com.bikefleet.model.retry.Backoff;
import com.bikefleet.model.protocol.Hello;
import com.bikefleet.model.protocol.MessageCodec;
import com.bikefleet.model.protocol.ProtocolCodes;
import com.bikefleet.model.protocol.Status;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The link over its Tyrus dialer against mocked WebSocket sessions, for what a real server cannot be made
 * to do on cue: a send that fails after the connection opened. A frame that never went out must cost the connection (one
 * close, one reconnect, a fresh hello), or the server's cumulative ack would stay below it for good.
 */
class TyrusDialerTest {

    private static final long WAIT_MS = 10_000;

    private final MessageCodec codec = new MessageCodec();
    private final BlockingQueue<Session> sessions = new LinkedBlockingQueue<>();
    private final List<String> disconnects = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService worker;
    private ExecutorService connector;
    private ServerLink link;
    @TempDir
    Path dir;
    private Outbox outbox;

    /** Tyrus' client with the network cut out: each connection attempt opens the next queued session. */
    private final class QueuedSessions extends ClientManager {
        @Override
        public Session connectToServer(Endpoint endpoint, ClientEndpointConfig config, URI path)
                throws DeploymentException {
            Session session;
            try {
                session = sessions.poll(WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeploymentException("interrupted");
            }
            if (session == null) {
                throw new DeploymentException("no session queued");
            }
            endpoint.onOpen(session, config);
            return session;
        }
    }

    @BeforeEach
    void start() throws Exception {
        outbox = Outbox.open(dir.resolve("outbox.db"), OutboxSettings.defaults());
        worker = Executors.newSingleThreadScheduledExecutor();
        connector = Executors.newSingleThreadExecutor();
        LinkSettings settings = new LinkSettings(URI.create("ws://127.0.0.1:9/ws/bikes/bike-m"), "bike-m", "token",
                "test", 10, 2, Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(30),
                Duration.ofSeconds(30), Duration.ofMinutes(5));
        link = new ServerLink(settings, outbox, LinkScheduler.on(worker),
                new TyrusDialer(settings, new QueuedSessions(), connector, worker),
                new Backoff(Duration.ofMillis(20), Duration.ofMillis(100), new Random(7)), new LinkListener() {
                    @Override
                    public void onDisconnected(String reason, long retryInMillis) {
                        disconnects.add(reason);
                    }
                });
    }

    @AfterEach
    void stop() throws Exception {
        worker.submit(link::close).get(10, TimeUnit.SECONDS);
        worker.shutdownNow();
        connector.shutdownNow();
        outbox.close();
    }

    @Test
    void aSendThatFailsLaterClosesTheConnectionOnceAndTheNextOneSaysHelloAgain() throws Exception {
        List<String> lost = new CopyOnWriteArrayList<>();
        Session broken = session(lost, (text, handler, self) ->
                handler.onResult(new SendResult(self, new IOException("Broken pipe"))));
        List<String> sent = new CopyOnWriteArrayList<>();
        Session healthy = session(sent, (text, handler, self) -> handler.onResult(new SendResult(self)));
        sessions.add(broken);
        sessions.add(healthy);

        worker.execute(link::start);

        awaitFrames(sent, 2);
        assertInstanceOf(Hello.class, codec.decode(sent.get(0)));
        assertInstanceOf(Status.class, codec.decode(sent.get(1)));
        // The hello and the status both failed on the broken session: one close for both, one reconnect.
        assertEquals(2, lost.size(), lost.toString());
        verify(broken, times(1)).close(argThat(r -> r.getCloseCode().getCode() == ProtocolCodes.GOING_AWAY
                && r.getReasonPhrase().equals("send failed")));
        assertEquals(List.of("send failed"), disconnects);
    }

    @Test
    void aSendRefusedOnTheSpotCostsTheConnectionToo() throws Exception {
        // Tyrus throws IllegalStateException when the session closes under a send, before any handler.
        Session closing = session(new CopyOnWriteArrayList<>(), (text, handler, self) -> {
            throw new IllegalStateException("The connection has been closed.");
        });
        List<String> sent = new CopyOnWriteArrayList<>();
        Session healthy = session(sent, (text, handler, self) -> handler.onResult(new SendResult(self)));
        sessions.add(closing);
        sessions.add(healthy);

        worker.execute(link::start);

        awaitFrames(sent, 1);
        assertInstanceOf(Hello.class, codec.decode(sent.get(0)));
        verify(closing, times(1)).close(any(CloseReason.class));
        assertEquals(List.of("send failed"), disconnects);
    }

    @Test
    void closingTheLinkSaysGoingAwayToTheServer() throws Exception {
        List<String> sent = new CopyOnWriteArrayList<>();
        Session session = session(sent, (text, handler, self) -> handler.onResult(new SendResult(self)));
        sessions.add(session);
        worker.execute(link::start);
        awaitFrames(sent, 1);

        worker.submit(link::close).get(10, TimeUnit.SECONDS);

        verify(session).close(argThat(r -> r.getCloseCode().getCode() == ProtocolCodes.GOING_AWAY
                && r.getReasonPhrase().equals("agent shutting down")));
        assertEquals(List.of(), disconnects);
    }

    private interface Send {
        void answer(String text, SendHandler handler, Session self);
    }

    /** An open session whose async remote records each frame, then answers it as {@code send} says. */
    private static Session session(List<String> frames, Send send) throws IOException {
        Session session = mock(Session.class);
        RemoteEndpoint.Async remote = mock(RemoteEndpoint.Async.class);
        when(session.isOpen()).thenReturn(true);
        when(session.getAsyncRemote()).thenReturn(remote);
        doAnswer(call -> {
            frames.add(call.getArgument(0));
            send.answer(call.getArgument(0), call.getArgument(1), session);
            return null;
        }).when(remote).sendText(anyString(), any(SendHandler.class));
        return session;
    }

    private static void awaitFrames(List<String> frames, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (frames.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + count + " frames, got " + frames);
            }
            Thread.sleep(10);
        }
    }
}
